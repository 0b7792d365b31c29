package io.nodus.transport.impl.multistream;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of every multistream-select decoder: the framing decoder, the blocking
 * listener and dialer, and the Netty negotiator in both roles. Only a {@link MultistreamException} may come out;
 * anything else is a finding and fails the build. Seeds: {@code MultistreamFuzzTestInputs/decoders/}.
 */
class MultistreamFuzzTest {

    private static final Logger NEGOTIATOR_LOG = Logger.getLogger(MultistreamNegotiator.class.getName());
    private static Level savedLevel;

    @BeforeAll
    static void quietLog() {
        savedLevel = NEGOTIATOR_LOG.getLevel();
        NEGOTIATOR_LOG.setLevel(Level.WARNING); // one INFO line per rejected input would flood the report
    }

    @AfterAll
    static void restoreLog() {
        NEGOTIATOR_LOG.setLevel(savedLevel);
    }

    @FuzzTest(maxDuration = "20s")
    void decoders(byte[] data) {
        try {
            MultistreamFuzzTarget.fuzzerTestOneInput(data);
        } catch (MultistreamException expected) {
            // a typed protocol violation: the connection would be closed
        }
    }
}
