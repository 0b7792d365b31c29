package io.nodus.transport.impl.yamux;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.DecoderException;

class YamuxFrameFuzzTest {

    private static final int RUNS = 10_000;

    @Test
    void decoderThrowsOnlyYamuxExceptions() {
        SplittableRandom random = new SplittableRandom(0x5EED);
        for (int run = 0; run < RUNS; run++) {
            byte[] input = input(random);
            try {
                YamuxFrameFuzzTarget.fuzz(input);
            } catch (DecoderException e) {
                assertInstanceOf(YamuxException.class, e.getCause(), "run " + run);
            }
        }
    }

    @Test
    void sessionSurvivesAnyInput() {
        SplittableRandom random = new SplittableRandom(0xF00D);
        for (int run = 0; run < RUNS; run++) {
            YamuxFrameFuzzTarget.fuzzSession(input(random));
        }
    }

    /** Half random bytes, half valid frame sequences with a few mutations. */
    private static byte[] input(SplittableRandom random) {
        if (random.nextBoolean()) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] valid = validFrames(random);
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations && valid.length > 0; i++) {
            int at = random.nextInt(valid.length);
            switch (random.nextInt(3)) {
                case 0 -> valid[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> valid[at] = (byte) random.nextInt(256);
                default -> valid = java.util.Arrays.copyOf(valid, at);
            }
        }
        return valid;
    }

    private static byte[] validFrames(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + random.nextInt(12);
        for (int i = 0; i < frames; i++) {
            int type = random.nextInt(4);
            int flags = random.nextInt(16);
            // mostly ids the responder under test accepts (odd, rising), some it must reject
            int stream = type >= YamuxFrameType.PING.code() ? 0
                    : random.nextInt(10) == 0 ? random.nextInt() : 2 * (i / 2) + 1;
            int payload = type == 0 ? random.nextInt(300) : 0;
            int length = type == 0 ? payload : type == YamuxFrameType.GO_AWAY.code() ? random.nextInt(3)
                    : random.nextInt(1 << 20);
            ByteBuffer header = ByteBuffer.allocate(YamuxFrame.HEADER_LENGTH + payload);
            header.put((byte) 0).put((byte) type).putShort((short) flags).putInt(stream).putInt(length);
            byte[] bytes = header.array();
            for (int b = YamuxFrame.HEADER_LENGTH; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(256);
            }
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
