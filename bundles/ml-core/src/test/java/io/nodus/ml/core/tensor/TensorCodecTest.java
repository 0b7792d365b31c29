package io.nodus.ml.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TensorCodecTest {

    static ModelWeights mlpLike(long seed) {
        List<TensorSpec> specs = List.of(new TensorSpec("w1", 784, 200), new TensorSpec("b1", 200),
                new TensorSpec("w2", 200, 10), new TensorSpec("b2", 10));
        Random r = new Random(seed);
        float[] v = new float[(int) ModelWeights.totalElements(specs)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.05);
        }
        return new ModelWeights(specs, v);
    }

    @Test
    void fp32RoundTripIsExactAndLayoutIsLittleEndian() {
        ModelWeights w = new ModelWeights(List.of(new TensorSpec("x", 2)), new float[] {1.5f, -2f});
        byte[] wire = TensorCodec.encode(w, Compression.NONE);
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('N', b.get(0));
        assertEquals(0, b.get(4), "encoding code none");
        assertEquals(1, b.getInt(5), "tensor count");
        assertEquals(1, b.getShort(9), "name length");
        assertEquals('x', b.get(11));
        assertEquals(1, b.get(12), "rank");
        assertEquals(2, b.getInt(13), "dimension");
        assertEquals(1.5f, b.getFloat(17));
        assertEquals(-2f, b.getFloat(21));
        assertEquals(25, wire.length);
        ModelWeights back = TensorCodec.decode(wire);
        assertEquals(w.specs(), back.specs());
        assertArrayEquals(w.values(), back.values());
    }

    @Test
    void fp16HalvesTheBytesWithSmallRelativeError() {
        ModelWeights w = mlpLike(1);
        byte[] fp32 = TensorCodec.encode(w, Compression.NONE);
        byte[] fp16 = TensorCodec.encode(w, Compression.parse("fp16"));
        assertEquals(2.0, (double) fp32.length / fp16.length, 0.01);
        float[] back = TensorCodec.decode(fp16).values();
        for (int i = 0; i < back.length; i++) {
            assertEquals(w.values()[i], back[i], Math.abs(w.values()[i]) / 1024 + 1e-7f);
        }
    }

    @Test
    void int8QuartersTheBytesWithErrorAtMostHalfAStep() {
        ModelWeights w = mlpLike(2);
        byte[] fp32 = TensorCodec.encode(w, Compression.NONE);
        byte[] int8 = TensorCodec.encode(w, Compression.parse("int8"));
        assertEquals(4.0, (double) fp32.length / int8.length, 0.01);
        ModelWeights back = TensorCodec.decode(int8);
        for (int t = 0; t < w.specs().size(); t++) {
            float[] a = w.tensor(t);
            float[] b = back.tensor(t);
            float max = 0;
            for (float x : a) {
                max = Math.max(max, Math.abs(x));
            }
            float step = max / 127;
            for (int i = 0; i < a.length; i++) {
                assertTrue(Math.abs(a[i] - b[i]) <= step / 2 + 1e-7f, "tensor " + t + " index " + i);
            }
        }
    }

    @Test
    void topKKeepsExactlyTheLargestMagnitudes() {
        float[] v = {0.1f, -5f, 0.2f, 3f, -0.05f, 4f, 0f, -0.3f};
        ModelWeights w = new ModelWeights(List.of(new TensorSpec("v", 8)), v);
        ModelWeights back = TensorCodec.decode(TensorCodec.encode(w, Compression.parse("topk:0.375")));
        assertArrayEquals(new float[] {0, -5f, 0, 3f, 0, 4f, 0, 0}, back.values());
    }

    @Test
    void topKBytesScaleWithTheRatio() {
        ModelWeights w = mlpLike(3);
        int fp32 = TensorCodec.encode(w, Compression.NONE).length;
        int topk = TensorCodec.encode(w, Compression.parse("topk:0.01")).length;
        // 8 bytes (index + value) per kept coordinate instead of 4 per coordinate: 1/(2 * 0.01) = 50x
        assertEquals(50.0, (double) fp32 / topk, 1.0);
    }

    @Test
    void malformedInputIsRejectedWithAReason() {
        byte[] good = TensorCodec.encode(mlpLike(4), Compression.NONE);
        assertEquals("not a Nodus tensor message (bad magic)", assertThrows(TensorFormatException.class,
                () -> TensorCodec.decode(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0})).getMessage());
        assertTrue(assertThrows(TensorFormatException.class,
                () -> TensorCodec.decode(Arrays.copyOf(good, good.length - 3))).getMessage().startsWith("truncated"));
        assertTrue(assertThrows(TensorFormatException.class,
                () -> TensorCodec.decode(Arrays.copyOf(good, good.length + 1))).getMessage().contains("trailing"));
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(13, Integer.MAX_VALUE);
        assertTrue(assertThrows(TensorFormatException.class, () -> TensorCodec.decode(huge)).getMessage().contains("exceeds"));
        byte[] badKind = good.clone();
        badKind[4] = 9;
        assertThrows(TensorFormatException.class, () -> TensorCodec.decode(badKind));
    }

    @Test
    void topKIndicesOutOfOrderAreRejected() {
        ModelWeights w = new ModelWeights(List.of(new TensorSpec("v", 4)), new float[] {1, 2, 3, 4});
        byte[] wire = TensorCodec.encode(w, Compression.parse("topk:0.5"));
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        int idx = wire.length - 16; // k=2: two indices then two values
        int first = b.getInt(idx);
        b.putInt(idx, b.getInt(idx + 4));
        b.putInt(idx + 4, first);
        assertTrue(assertThrows(TensorFormatException.class, () -> TensorCodec.decode(wire)).getMessage().contains("out of order"));
    }

    @Test
    void halfFloatKnownValues() {
        assertEquals((short) 0x3c00, HalfFloat.fromFloat(1f));
        assertEquals((short) 0xc000, HalfFloat.fromFloat(-2f));
        assertEquals((short) 0x7bff, HalfFloat.fromFloat(65504f));
        assertEquals((short) 0x7c00, HalfFloat.fromFloat(1e6f));
        assertEquals((short) 0x0001, HalfFloat.fromFloat(5.9604645e-8f));
        assertEquals(0, HalfFloat.fromFloat(1e-9f));
        assertEquals(5.9604645e-8f, HalfFloat.toFloat((short) 1));
        assertEquals(65504f, HalfFloat.toFloat((short) 0x7bff));
        assertTrue(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloat.toFloat(HalfFloat.fromFloat(Float.NEGATIVE_INFINITY)));
        for (int h = 0; h < 0x7c00; h++) {
            assertEquals((short) h, HalfFloat.fromFloat(HalfFloat.toFloat((short) h)), "half " + h);
        }
    }

    @Test
    void compressionParsing() {
        assertEquals("topk:0.1", Compression.parse("TopK:0.1").toString());
        assertThrows(IllegalArgumentException.class, () -> Compression.parse("topk:0"));
        assertThrows(IllegalArgumentException.class, () -> Compression.parse("zip"));
    }
}
