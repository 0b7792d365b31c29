package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nodus.transport.impl.multistream.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds 10,000 seeded random and mutated inputs to the Noise handshake state machine and secure channel fuzz
 * targets: only NoiseException may come out. (The payload decoder is fuzzed coverage-guided by
 * {@link NoisePayloadFuzzTest}.)
 */
class NoiseFuzzTargetTest {

    private static final int INPUTS = 10_000;
    private static final Logger CHANNEL_LOG = Logger.getLogger(NoiseSecureChannel.class.getName());
    private static Level savedLevel;

    @BeforeAll
    static void quietLog() {
        savedLevel = CHANNEL_LOG.getLevel();
        CHANNEL_LOG.setLevel(Level.WARNING); // one INFO line per rejected input would flood the report
    }

    @AfterAll
    static void restoreLog() {
        CHANNEL_LOG.setLevel(savedLevel);
    }

    @Test
    void handshakeStateMachine() throws NoiseException {
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        List<byte[]> seeds = new ArrayList<>();
        for (int message = 1; message <= 3; message++) {
            for (byte[] p : List.of(new byte[0], payload)) {
                byte[] valid = NoiseHandshakeFuzzTarget.validMessage(message, p);
                seeds.add(prefixed(message - 1, valid));
                int m = message;
                assertAccepted(() -> NoiseHandshakeFuzzTarget.fuzzMessage(m, valid));
            }
        }
        run(12, seeds, 2048, NoiseHandshakeFuzzTarget::fuzzerTestOneInput);
    }

    @Test
    void secureChannelHandshakeDecoding() {
        byte[] message2 = NoiseChannelFuzzTarget.recordedMessage2();
        assertTrue(message2.length > 80);
        run(13, List.of(message2), 2048, NoiseChannelFuzzTarget::fuzzHandshake);
    }

    @Test
    void secureChannelTransportDecoding() throws NoiseException {
        byte[] frames = NoiseChannelFuzzTarget.transportFrames(
                "first frame".getBytes(StandardCharsets.UTF_8), new byte[300], new byte[0], new byte[1]);
        assertAccepted(() -> NoiseChannelFuzzTarget.fuzzTransport(frames));
        run(14, List.of(frames), 2048, NoiseChannelFuzzTarget::fuzzTransport);
    }

    @Test
    void secureChannelEntryPoint() throws NoiseException {
        byte[] frames = NoiseChannelFuzzTarget.transportFrames(new byte[40]);
        run(15, List.of(prefixed(0, NoiseChannelFuzzTarget.recordedMessage2()), prefixed(1, frames)), 2048,
                NoiseChannelFuzzTarget::fuzzerTestOneInput);
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static void run(long seed, List<byte[]> seeds, int maxLength, Target target) {
        FuzzInputs inputs = new FuzzInputs(seed, seeds, maxLength);
        int typed = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = inputs.next();
            try {
                target.fuzz(input);
            } catch (NoiseException e) {
                typed++;
            } catch (Throwable t) {
                fail("untyped " + t + " for input " + HexFormat.of().formatHex(input), t);
            }
        }
        assertTrue(typed > INPUTS / 10, "most inputs should be rejected, got " + typed);
    }

    private static void assertAccepted(Target.Call call) {
        try {
            call.run();
        } catch (NoiseException e) {
            fail("a valid seed must be accepted", e);
        }
    }

    private interface Target {
        void fuzz(byte[] data) throws NoiseException;

        interface Call {
            void run() throws NoiseException;
        }
    }
}
