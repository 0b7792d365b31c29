package io.nodus.ml.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MlFramingTest {

    static byte[] bytes(MlMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MlFraming.write(out, m);
        return out.toByteArray();
    }

    @Test
    void largeBodiesTravelInChunksAndComeBackIntact() throws IOException {
        byte[] body = new byte[MlFraming.CHUNK_SIZE * 3 + 17];
        new Random(1).nextBytes(body);
        MlMessage m = new MlMessage(MlOperation.SUBMIT_GRADIENT, Map.of("run", "r1", "samples", "3000"), body);
        byte[] wire = bytes(m);
        assertEquals(m.wireSize(), wire.length);
        int chunkFrames = 0;
        // walk the frames: HEAD then 4 CHUNKs
        int off = 0;
        while (off < wire.length) {
            int kind = wire[off];
            int len = (wire[off + 1] & 0xff) | (wire[off + 2] & 0xff) << 8 | (wire[off + 3] & 0xff) << 16 | (wire[off + 4] & 0xff) << 24;
            if (kind == MlFraming.CHUNK) {
                chunkFrames++;
                assertTrue(len <= MlFraming.CHUNK_SIZE);
            }
            off += 5 + len;
        }
        assertEquals(4, chunkFrames);
        MlMessage back = MlFraming.read(new ByteArrayInputStream(wire));
        assertEquals(MlOperation.SUBMIT_GRADIENT, back.op());
        assertEquals(3000, back.intHeader("samples"));
        assertArrayEquals(body, back.body());
    }

    @Test
    void aFlippedBodyBitFailsTheChecksum() throws IOException {
        byte[] wire = bytes(new MlMessage(MlOperation.DISTRIBUTE_DATASET, Map.of(), new byte[1000]));
        wire[wire.length - 1] ^= 1;
        MlProtocolException e = assertThrows(MlProtocolException.class, () -> MlFraming.read(new ByteArrayInputStream(wire)));
        assertEquals("body SHA-256 mismatch", e.getMessage());
    }

    @Test
    void framesBeyondTheLimitsAreRefused() {
        byte[] hugeHead = {MlFraming.HEAD, 0, 0, 0, 0x7f};
        assertTrue(assertThrows(MlProtocolException.class, () -> MlFraming.read(new ByteArrayInputStream(hugeHead)))
                .getMessage().contains("exceeds"));
        byte[] chunkFirst = {MlFraming.CHUNK, 0, 0, 0, 0};
        assertThrows(MlProtocolException.class, () -> MlFraming.read(new ByteArrayInputStream(chunkFirst)));
    }

    @Test
    void unknownOperationAndTruncationAreProtocolErrors() throws IOException {
        byte[] wire = bytes(MlMessage.ok());
        wire[5] = 99;
        assertTrue(assertThrows(MlProtocolException.class, () -> MlFraming.read(new ByteArrayInputStream(wire)))
                .getMessage().contains("unknown operation"));
        byte[] body = bytes(new MlMessage(MlOperation.OK, Map.of(), new byte[10]));
        assertThrows(IOException.class, () -> MlFraming.read(new ByteArrayInputStream(java.util.Arrays.copyOf(body, body.length - 4))));
    }

    @Test
    void signedBytesBindRunWorkerVersionSamplesAndBody() {
        byte[] a = UpdateSignature.signedBytes("r", "w", 1, 10, new byte[] {1});
        assertArrayEquals(a, UpdateSignature.signedBytes("r", "w", 1, 10, new byte[] {1}));
        assertTrue(!java.util.Arrays.equals(a, UpdateSignature.signedBytes("r", "w", 2, 10, new byte[] {1})));
        assertTrue(!java.util.Arrays.equals(a, UpdateSignature.signedBytes("r", "w", 1, 11, new byte[] {1})));
        assertTrue(!java.util.Arrays.equals(a, UpdateSignature.signedBytes("r", "x", 1, 10, new byte[] {1})));
        assertTrue(!java.util.Arrays.equals(a, UpdateSignature.signedBytes("r", "w", 1, 10, new byte[] {2})));
    }
}
