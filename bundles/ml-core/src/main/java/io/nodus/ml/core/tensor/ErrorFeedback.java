package io.nodus.ml.core.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Error feedback for lossy compression (Seide et al. 2014; Karimireddy et al. 2019): what compression dropped
 * from one update is added to the next, so nothing is lost for good. One instance per sender; the residual can be
 * saved and loaded so a restarted sender continues with it. File layout (LE):
 *
 * <pre>
 * "NDE1" | u16 tag length | tag (UTF-8, e.g. the run) | u32 n | n × f32 residual | 32 bytes SHA-256 of the preceding
 * </pre>
 */
public final class ErrorFeedback {

    static final byte[] MAGIC = {'N', 'D', 'E', '1'};
    /** Largest residual read back (floats). */
    static final int MAX_VALUES = 1 << 28;

    private float[] residual;

    /** Encodes {@code update + residual} and keeps the part the encoding could not carry. */
    public synchronized byte[] encode(ModelWeights update, Compression c) {
        float[] v = update.values();
        if (!c.lossy()) {
            residual = null;
            return TensorCodec.encode(update, c);
        }
        if (residual == null || residual.length != v.length) {
            residual = new float[v.length];
        }
        float[] corrected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            corrected[i] = v[i] + residual[i];
        }
        byte[] wire = TensorCodec.encode(new ModelWeights(update.specs(), corrected), c);
        float[] sent = TensorCodec.decode(wire).values();
        for (int i = 0; i < v.length; i++) {
            residual[i] = corrected[i] - sent[i];
        }
        return wire;
    }

    /** Sum of |residual|, for tests and diagnostics. */
    public synchronized double residualL1() {
        double s = 0;
        if (residual != null) {
            for (float r : residual) {
                s += Math.abs(r);
            }
        }
        return s;
    }

    public synchronized void reset() {
        residual = null;
    }

    /** Writes the residual (none: zero values) under {@code tag}, atomically replacing an older file. */
    public void save(Path file, String tag) throws IOException {
        float[] r;
        synchronized (this) {
            r = residual == null ? new float[0] : residual.clone();
        }
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + t.length + 4 + 4 * r.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) t.length).put(t).putInt(r.length);
        b.asFloatBuffer().put(r);
        b.position(b.position() + 4 * r.length);
        b.put(digest(b.array(), b.position()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, b.array());
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Takes the residual saved under {@code tag}; returns false (and keeps the current residual) when the file is
     * missing, saved under another tag, or corrupt.
     */
    public boolean load(Path file, String tag) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] data = Files.readAllBytes(file);
        int body = data.length - 32;
        if (body < 4 + 2 + 4 || !Arrays.equals(digest(data, body), Arrays.copyOfRange(data, body, data.length))) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, body).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        int len = b.getShort() & 0xffff;
        if (!Arrays.equals(magic, MAGIC) || len > b.remaining() - 4) {
            return false;
        }
        byte[] t = new byte[len];
        b.get(t);
        int n = b.getInt();
        if (!tag.equals(new String(t, StandardCharsets.UTF_8)) || n < 0 || n > MAX_VALUES || (long) n * 4 != b.remaining()) {
            return false;
        }
        float[] r = new float[n];
        b.asFloatBuffer().get(r);
        synchronized (this) {
            residual = n == 0 ? null : r;
        }
        return true;
    }

    private static byte[] digest(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
