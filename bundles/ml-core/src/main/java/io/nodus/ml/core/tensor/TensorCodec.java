package io.nodus.ml.core.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Nodus tensor wire format. All integers and floats little-endian:
 *
 * <pre>
 * magic "NDT1" | u8 encoding | u32 tensor count
 * per tensor: u16 name length | name (UTF-8) | u8 rank | rank x u32 dimension
 * payload, by encoding:
 *   none  n x f32
 *   fp16  n x binary16
 *   int8  per tensor: f32 scale | elements x i8   (value = q * scale)
 *   topk  u32 k | k x u32 index (strictly ascending, into the concatenated vector) | k x f32 value
 * </pre>
 */
public final class TensorCodec {

    static final byte[] MAGIC = {'N', 'D', 'T', '1'};
    public static final int MAX_TENSORS = 4096;
    public static final int MAX_RANK = 8;
    public static final int MAX_NAME_BYTES = 256;
    public static final long MAX_ELEMENTS = 1L << 27;

    private TensorCodec() {
    }

    public static byte[] encode(ModelWeights w, Compression c) {
        List<TensorSpec> specs = w.specs();
        float[] v = w.values();
        int header = 4 + 1 + 4;
        List<byte[]> names = new ArrayList<>(specs.size());
        for (TensorSpec s : specs) {
            byte[] n = s.name().getBytes(StandardCharsets.UTF_8);
            names.add(n);
            header += 2 + n.length + 1 + 4 * s.rank();
        }
        int k = c.kind() == Compression.Kind.TOPK ? topKCount(v.length, c.ratio()) : 0;
        long payload = switch (c.kind()) {
            case NONE -> 4L * v.length;
            case FP16 -> 2L * v.length;
            case INT8 -> 4L * specs.size() + v.length;
            case TOPK -> 4 + 8L * k;
        };
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(header + payload)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) c.kind().code).putInt(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec s = specs.get(i);
            b.putShort((short) names.get(i).length).put(names.get(i)).put((byte) s.rank());
            for (int d : s.shape()) {
                b.putInt(d);
            }
        }
        switch (c.kind()) {
            case NONE -> b.asFloatBuffer().put(v);
            case FP16 -> {
                for (float f : v) {
                    b.putShort(HalfFloat.fromFloat(f));
                }
            }
            case INT8 -> putInt8(b, specs, v);
            case TOPK -> putTopK(b, v, k);
        }
        return b.array();
    }

    /** Number of coordinates top-k keeps for a vector of {@code n} values (at least one). */
    public static int topKCount(int n, double ratio) {
        return (int) Math.max(1, Math.min(n, Math.round(n * ratio)));
    }

    private static void putInt8(ByteBuffer b, List<TensorSpec> specs, float[] v) {
        int off = 0;
        for (TensorSpec s : specs) {
            int n = (int) s.elements();
            float max = 0;
            for (int i = off; i < off + n; i++) {
                max = Math.max(max, Math.abs(v[i]));
            }
            float scale = max == 0 ? 0 : max / 127f;
            b.putFloat(scale);
            for (int i = off; i < off + n; i++) {
                b.put(scale == 0 ? 0 : (byte) Math.max(-127, Math.min(127, Math.round(v[i] / scale))));
            }
            off += n;
        }
    }

    private static void putTopK(ByteBuffer b, float[] v, int k) {
        int[] idx = TopK.largestMagnitude(v, k);
        b.putInt(k);
        for (int i : idx) {
            b.putInt(i);
        }
        for (int i : idx) {
            b.putFloat(v[i]);
        }
    }

    /** Decodes and checks the format and its limits; never trusts a length it has not bounded. */
    public static ModelWeights decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        need(b, 9, "header");
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new TensorFormatException("not a Nodus tensor message (bad magic)");
        }
        Compression.Kind kind = Compression.Kind.ofCode(b.get() & 0xff);
        int count = b.getInt();
        if (count < 0 || count > MAX_TENSORS) {
            throw new TensorFormatException("tensor count " + Integer.toUnsignedString(count) + " exceeds " + MAX_TENSORS);
        }
        List<TensorSpec> specs = new ArrayList<>(count);
        long total = 0;
        for (int t = 0; t < count; t++) {
            need(b, 2, "name length");
            int nameLen = b.getShort() & 0xffff;
            if (nameLen > MAX_NAME_BYTES) {
                throw new TensorFormatException("tensor name of " + nameLen + " bytes exceeds " + MAX_NAME_BYTES);
            }
            need(b, nameLen + 1, "name and rank");
            byte[] name = new byte[nameLen];
            b.get(name);
            int rank = b.get() & 0xff;
            if (rank > MAX_RANK) {
                throw new TensorFormatException("rank " + rank + " exceeds " + MAX_RANK);
            }
            need(b, 4L * rank, "dimensions");
            int[] shape = new int[rank];
            long elements = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = b.getInt();
                if (shape[i] <= 0) {
                    throw new TensorFormatException("dimension " + Integer.toUnsignedString(shape[i]) + " is not positive");
                }
                elements *= shape[i];
                if (elements > MAX_ELEMENTS) {
                    throw new TensorFormatException("tensor exceeds " + MAX_ELEMENTS + " elements");
                }
            }
            total += elements;
            if (total > MAX_ELEMENTS) {
                throw new TensorFormatException("model exceeds " + MAX_ELEMENTS + " elements");
            }
            specs.add(new TensorSpec(new String(name, StandardCharsets.UTF_8), shape));
        }
        int n = (int) total;
        float[] v = new float[n];
        switch (kind) {
            case NONE -> {
                need(b, 4L * n, "fp32 values");
                b.asFloatBuffer().get(v);
                b.position(b.position() + 4 * n);
            }
            case FP16 -> {
                need(b, 2L * n, "fp16 values");
                for (int i = 0; i < n; i++) {
                    v[i] = HalfFloat.toFloat(b.getShort());
                }
            }
            case INT8 -> getInt8(b, specs, v);
            case TOPK -> getTopK(b, v);
        }
        if (b.hasRemaining()) {
            throw new TensorFormatException(b.remaining() + " trailing bytes after the tensors");
        }
        return new ModelWeights(specs, v);
    }

    private static void getInt8(ByteBuffer b, List<TensorSpec> specs, float[] v) {
        int off = 0;
        for (TensorSpec s : specs) {
            int n = (int) s.elements();
            need(b, 4L + n, "int8 tensor " + s.name());
            float scale = b.getFloat();
            if (!Float.isFinite(scale) || scale < 0) {
                throw new TensorFormatException("int8 scale " + scale + " of " + s.name() + " is not a finite non-negative number");
            }
            for (int i = 0; i < n; i++) {
                v[off + i] = b.get() * scale;
            }
            off += n;
        }
    }

    private static void getTopK(ByteBuffer b, float[] v) {
        need(b, 4, "top-k count");
        int k = b.getInt();
        if (k < 0 || k > v.length) {
            throw new TensorFormatException("top-k count " + Integer.toUnsignedString(k) + " exceeds the " + v.length + " coordinates");
        }
        need(b, 8L * k, "top-k entries");
        int[] idx = new int[k];
        int prev = -1;
        for (int i = 0; i < k; i++) {
            idx[i] = b.getInt();
            if (idx[i] <= prev || idx[i] >= v.length) {
                throw new TensorFormatException("top-k index " + Integer.toUnsignedString(idx[i]) + " is out of order or range");
            }
            prev = idx[i];
        }
        for (int i = 0; i < k; i++) {
            v[idx[i]] = b.getFloat();
        }
    }

    private static void need(ByteBuffer b, long n, String what) {
        if (b.remaining() < n) {
            throw new TensorFormatException("truncated: " + what + " needs " + n + " bytes, " + b.remaining() + " left");
        }
    }
}
