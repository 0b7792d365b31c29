package io.nodus.ml.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Grey-scale images with one class label each: {@code count} images of {@code rows x cols} unsigned bytes,
 * stored row-major back to back, and {@code count} labels.
 */
public final class LabeledImages {

    /** Upper bound on what {@link #decode} accepts (Fashion-MNIST's training set is 60,000). */
    public static final int MAX_COUNT = 1_000_000;
    public static final int MAX_SIDE = 1024;
    static final int MAGIC = 0x4e444931; // "NDI1"

    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final byte[] labels;

    public LabeledImages(int rows, int cols, byte[] pixels, byte[] labels) {
        if (rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new IllegalArgumentException("image size " + rows + "x" + cols + " out of range");
        }
        this.rows = rows;
        this.cols = cols;
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixel bytes for "
                    + rows + "x" + cols + " images");
        }
    }

    public int count() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int imageSize() {
        return rows * cols;
    }

    /** Live pixel array (not copied). */
    public byte[] pixels() {
        return pixels;
    }

    /** Live label array (not copied). */
    public byte[] labels() {
        return labels;
    }

    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** The images at {@code indices}, in that order. */
    public LabeledImages select(int[] indices) {
        int size = imageSize();
        byte[] p = new byte[indices.length * size];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, p, i * size, size);
            l[i] = labels[indices[i]];
        }
        return new LabeledImages(rows, cols, p, l);
    }

    /** The first {@code n} images (or all, if fewer). */
    public LabeledImages head(int n) {
        int m = Math.min(n, count());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return select(idx);
    }

    /** This set followed by {@code other} (same image size). */
    public LabeledImages concat(LabeledImages other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("image sizes differ");
        }
        byte[] p = new byte[pixels.length + other.pixels.length];
        System.arraycopy(pixels, 0, p, 0, pixels.length);
        System.arraycopy(other.pixels, 0, p, pixels.length, other.pixels.length);
        byte[] l = new byte[labels.length + other.labels.length];
        System.arraycopy(labels, 0, l, 0, labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new LabeledImages(rows, cols, p, l);
    }

    /** Number of images per label 0..classes-1. */
    public int[] labelHistogram(int classes) {
        int[] h = new int[classes];
        for (byte b : labels) {
            int c = b & 0xff;
            if (c < classes) {
                h[c]++;
            }
        }
        return h;
    }

    /** Compact encoding for the wire: magic, count, rows, cols (u32 LE each), labels, pixels. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(16 + labels.length + pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(count()).putInt(rows).putInt(cols).put(labels).put(pixels);
        return b.array();
    }

    public static LabeledImages decode(byte[] data) {
        if (data.length < 16) {
            throw new IllegalArgumentException("image set truncated: " + data.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an encoded image set (bad magic)");
        }
        int count = b.getInt();
        int rows = b.getInt();
        int cols = b.getInt();
        if (count < 0 || count > MAX_COUNT || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new IllegalArgumentException("image set header out of range: " + count + " x " + rows + "x" + cols);
        }
        long need = (long) count + (long) count * rows * cols;
        if (b.remaining() != need) {
            throw new IllegalArgumentException("image set needs " + need + " bytes after the header, has " + b.remaining());
        }
        byte[] l = new byte[count];
        byte[] p = new byte[(int) (need - count)];
        b.get(l).get(p);
        return new LabeledImages(rows, cols, p, l);
    }

    /** SHA-256 of {@link #encode()}. */
    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
