package io.nodus.transport.impl.multistream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feeds 10,000 seeded random and mutated inputs to each multistream fuzz target: only typed exceptions. */
class MultistreamFuzzTargetTest {

    private static final int INPUTS = 10_000;
    private static final Logger NEGOTIATOR_LOG = Logger.getLogger(MultistreamNegotiator.class.getName());
    private static Level savedLevel;
    private static final List<byte[]> SEEDS = List.of(
            MultistreamMessages.encode("/multistream/1.0.0", "/noise"),
            MultistreamMessages.encode("/multistream/1.0.0", "na", "/noise"),
            MultistreamMessages.encode("/multistream/1.0.0", "/tls/1.0.0", "/noise", "ls"),
            MultistreamMessages.encode("/multistream/1.0.0", "ls", "/yamux/1.0.0"),
            MultistreamMessagesTest.concat(MultistreamMessages.encode("/multistream/1.0.0"),
                    MultistreamMessages.encodeList(List.of("/noise", "/tls/1.0.0"))));

    @BeforeAll
    static void quietLog() {
        savedLevel = NEGOTIATOR_LOG.getLevel();
        NEGOTIATOR_LOG.setLevel(Level.WARNING); // one INFO line per rejected input would flood the report
    }

    @AfterAll
    static void restoreLog() {
        NEGOTIATOR_LOG.setLevel(savedLevel);
    }

    @Test
    void messagesDecoder() {
        run(1, MultistreamFuzzTarget::fuzzMessages);
    }

    @Test
    void streamListener() {
        run(2, MultistreamFuzzTarget::fuzzStreamListener);
    }

    @Test
    void streamDialer() {
        run(3, MultistreamFuzzTarget::fuzzStreamDialer);
    }

    @Test
    void nettyNegotiator() {
        run(4, MultistreamFuzzTarget::fuzzNegotiator);
    }

    private static void run(long seed, Target target) {
        FuzzInputs inputs = new FuzzInputs(seed, SEEDS, 4096);
        int typed = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = inputs.next();
            try {
                target.fuzz(input);
            } catch (MultistreamException e) {
                typed++;
            } catch (Throwable t) {
                fail("untyped " + t + " for input " + HexFormat.of().formatHex(input), t);
            }
        }
        assertTrue(typed > INPUTS / 10, "the inputs should mostly be rejected, got " + typed);
        assertTrue(typed < INPUTS, "some inputs should be accepted");
    }

    private interface Target {
        void fuzz(byte[] data) throws MultistreamException;
    }
}
