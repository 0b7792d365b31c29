package io.nodus.ml.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.nodus.ml.core.aggregate.Contribution;

/**
 * The asynchronous strategy's buffer on disk: updates accepted into the buffer of a global step that has not been
 * applied yet, one file each, written before the update is acknowledged. A checkpoint of round {@code r} covers every
 * step up to {@code r}, so writing it discards the files of rounds up to {@code r}; a restarted aggregator reloads the
 * files of round {@code r + 1} into its buffer, so an update is neither lost nor applied twice. Layout (LE):
 *
 * <pre>
 * "NDP1" | u16 run length | run (UTF-8) | i32 round | u16 client length | client (UTF-8) | i64 samples
 *        | i32 staleness | u32 n | n × f32 delta | 32 bytes SHA-256 of all the preceding bytes
 * </pre>
 */
public final class PendingUpdates {

    static final byte[] MAGIC = {'N', 'D', 'P', '1'};
    static final String SUFFIX = ".upd";
    /** Largest update accepted back from disk (floats). */
    static final int MAX_VALUES = 1 << 28;
    private static final int MAX_TEXT = 1024;

    private final Path dir;

    public PendingUpdates(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** Keeps {@code c}, buffered for step {@code round} of {@code run}, until a checkpoint covers that step. */
    public void add(String run, int round, Contribution c) throws IOException {
        Files.createDirectories(dir);
        CheckpointStore.writeAtomically(dir.resolve(fileName(run, round, c.client())), encode(run, round, c));
    }

    /** The updates buffered for step {@code round} of {@code run} (in file-name order); corrupt files are skipped. */
    public List<Contribution> load(String run, int round) throws IOException {
        List<Path> files = new ArrayList<>();
        String prefix = runPart(run) + "-" + String.format("%08d", round) + "-";
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
                ds.forEach(files::add);
            }
        }
        files.sort(null);
        List<Contribution> out = new ArrayList<>();
        for (Path p : files) {
            try {
                Decoded d = decode(Files.readAllBytes(p));
                if (d.run.equals(run) && d.round == round) {
                    out.add(d.update);
                }
            } catch (CheckpointFormatException e) {
                System.getLogger(PendingUpdates.class.getName()).log(System.Logger.Level.WARNING,
                        "skipping buffered update " + p + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Deletes the files of steps up to {@code round} of {@code run} and every file of other runs. */
    public void discardThrough(String run, int round) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        String own = runPart(run) + "-";
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(own) || n.endsWith(".tmp") || stepOf(n, own.length()) <= round) {
                    doomed.add(p);
                }
            }
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
    }

    private static int stepOf(String name, int from) {
        try {
            return Integer.parseInt(name.substring(from, from + 8));
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    static String fileName(String run, int round, String client) {
        return runPart(run) + "-" + String.format("%08d", round) + "-" + digest(client, 8) + SUFFIX;
    }

    /** Run ids are short tokens; anything else is named by its digest so it cannot leave the directory. */
    private static String runPart(String run) {
        return run.matches("[A-Za-z0-9]{1,32}") ? run : digest(run, 16);
    }

    private static String digest(String text, int bytes) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(Arrays.copyOf(CheckpointStore.sha256(t, t.length), bytes));
    }

    static byte[] encode(String run, int round, Contribution c) {
        byte[] r = run.getBytes(StandardCharsets.UTF_8);
        byte[] cl = c.client().getBytes(StandardCharsets.UTF_8);
        if (r.length > MAX_TEXT || cl.length > MAX_TEXT) {
            throw new IllegalArgumentException("run or client id too long");
        }
        float[] v = c.delta();
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + r.length + 4 + 2 + cl.length + 8 + 4 + 4 + 4 * v.length + 32)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) r.length).put(r).putInt(round).putShort((short) cl.length).put(cl)
                .putLong(c.samples()).putInt(c.staleness()).putInt(v.length);
        b.asFloatBuffer().put(v);
        b.position(b.position() + 4 * v.length);
        b.put(CheckpointStore.sha256(b.array(), b.position()));
        return b.array();
    }

    record Decoded(String run, int round, Contribution update) {
    }

    static Decoded decode(byte[] data) throws CheckpointFormatException {
        if (data.length < 4 + 2 + 4 + 2 + 8 + 4 + 4 + 32) {
            throw new CheckpointFormatException("truncated (" + data.length + " bytes)");
        }
        int body = data.length - 32;
        if (!Arrays.equals(CheckpointStore.sha256(data, body), Arrays.copyOfRange(data, body, data.length))) {
            throw new CheckpointFormatException("SHA-256 mismatch (corrupt or truncated)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, body).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[4];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointFormatException("not a buffered update (bad magic)");
            }
            String run = text(b);
            int round = b.getInt();
            String client = text(b);
            long samples = b.getLong();
            int staleness = b.getInt();
            int n = b.getInt();
            if (n < 0 || n > MAX_VALUES || (long) n * 4 != b.remaining()) {
                throw new CheckpointFormatException(n + " values do not match the " + b.remaining() + " bytes left");
            }
            float[] delta = new float[n];
            b.asFloatBuffer().get(delta);
            return new Decoded(run, round, new Contribution(client, delta, samples, staleness));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new CheckpointFormatException("bad buffered update: " + e);
        }
    }

    private static String text(ByteBuffer b) throws CheckpointFormatException {
        int len = b.getShort() & 0xffff;
        if (len > MAX_TEXT || len > b.remaining()) {
            throw new CheckpointFormatException("text of " + len + " bytes out of range");
        }
        byte[] t = new byte[len];
        b.get(t);
        return new String(t, StandardCharsets.UTF_8);
    }
}
