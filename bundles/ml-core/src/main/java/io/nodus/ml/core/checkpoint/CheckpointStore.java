package io.nodus.ml.core.checkpoint;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorFormatException;

/**
 * Checkpoints in one directory, one file per round ({@code round-000012.ckpt}; the most recently written is the
 * latest, since a new run starts again at round 1), written to a temporary file and
 * atomically renamed so a crash never leaves a half-written checkpoint under the real name. Layout (LE):
 *
 * <pre>
 * "NDC1" | u32 n | n bytes state (java.util.Properties text, keys sorted; run and round included)
 *        | u32 m | m bytes model (tensor format, fp32) | 32 bytes SHA-256 of all the preceding bytes
 * </pre>
 */
public final class CheckpointStore {

    static final byte[] MAGIC = {'N', 'D', 'C', '1'};
    static final String RUN_KEY = "checkpoint.run";
    static final String ROUND_KEY = "checkpoint.round";
    /** Older checkpoints beyond this many are deleted. */
    public static final int KEEP = 3;
    static final int MAX_STATE_BYTES = 16 << 20;

    private final Path dir;
    private final PendingUpdates pending;

    public CheckpointStore(Path dir) {
        this.dir = dir;
        this.pending = new PendingUpdates(dir.resolve("pending"));
    }

    /** The asynchronous strategy's buffered updates, kept beside the checkpoints until one covers their step. */
    public PendingUpdates pending() {
        return pending;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Writes the checkpoint and prunes old ones and the buffered updates it covers (steps up to its round, other
     * runs); returns the file written.
     */
    public Path write(Checkpoint c) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName(c.round()));
        writeAtomically(target, encode(c));
        prune();
        pending.discardThrough(c.runId(), c.round());
        return target;
    }

    /** The newest checkpoint that reads back intact, if any (corrupt files are skipped). */
    public Optional<Checkpoint> latest() throws IOException {
        for (Path p : files()) {
            try {
                return Optional.of(decode(Files.readAllBytes(p)));
            } catch (CheckpointFormatException e) {
                System.getLogger(CheckpointStore.class.getName()).log(System.Logger.Level.WARNING,
                        "skipping checkpoint " + p + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Checkpoint files, the most recently written first. */
    public List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "round-*.ckpt")) {
            ds.forEach(out::add);
        }
        // newest first by write time (a new run starts again at round 1), then by round
        Map<Path, Long> written = new HashMap<>();
        for (Path p : out) {
            written.put(p, Files.getLastModifiedTime(p).toMillis());
        }
        out.sort(Comparator.comparing((Path p) -> written.get(p)).thenComparing(p -> p.getFileName().toString()).reversed());
        return out;
    }

    private void prune() throws IOException {
        List<Path> all = files();
        for (int i = KEEP; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** Through a temporary file renamed over the target, so a crash never leaves a half-written file under its name. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String fileName(int round) {
        return String.format("round-%06d.ckpt", round);
    }

    public static byte[] encode(Checkpoint c) throws IOException {
        Map<String, String> all = new TreeMap<>(c.state());
        all.put(RUN_KEY, c.runId());
        all.put(ROUND_KEY, Integer.toString(c.round()));
        StringWriter w = new StringWriter();
        for (Map.Entry<String, String> e : all.entrySet()) {
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue());
            StringWriter line = new StringWriter();
            one.store(line, null);
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> w.append(l).append('\n'));
        }
        byte[] state = w.toString().getBytes(StandardCharsets.UTF_8);
        byte[] model = TensorCodec.encode(c.global(), Compression.NONE);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + state.length + 4 + model.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(state.length).put(state).putInt(model.length).put(model);
        b.put(sha256(b.array(), b.position()));
        return b.array();
    }

    public static Checkpoint decode(byte[] data) throws CheckpointFormatException {
        if (data.length < 4 + 4 + 4 + 32) {
            throw new CheckpointFormatException("truncated (" + data.length + " bytes)");
        }
        int body = data.length - 32;
        if (!Arrays.equals(sha256(data, body), Arrays.copyOfRange(data, body, data.length))) {
            throw new CheckpointFormatException("SHA-256 mismatch (corrupt or truncated)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, body).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CheckpointFormatException("not a checkpoint (bad magic)");
        }
        int n = b.getInt();
        if (n < 0 || n > MAX_STATE_BYTES || n > b.remaining() - 4) {
            throw new CheckpointFormatException("state length " + n + " out of range");
        }
        byte[] state = new byte[n];
        b.get(state);
        int m = b.getInt();
        if (m < 0 || m != b.remaining()) {
            throw new CheckpointFormatException("model length " + m + " does not match the " + b.remaining() + " bytes left");
        }
        byte[] model = new byte[m];
        b.get(model);
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(state, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointFormatException("state unreadable: " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        String run = map.remove(RUN_KEY);
        String round = map.remove(ROUND_KEY);
        if (run == null || round == null) {
            throw new CheckpointFormatException("state lacks run or round");
        }
        ModelWeights global;
        try {
            global = TensorCodec.decode(model);
            return new Checkpoint(run, Integer.parseInt(round), global, map);
        } catch (TensorFormatException | IllegalArgumentException e) {
            throw new CheckpointFormatException("bad model or round: " + e.getMessage());
        }
    }

    static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
