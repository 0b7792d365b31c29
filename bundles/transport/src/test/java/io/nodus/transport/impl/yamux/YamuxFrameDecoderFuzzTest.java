package io.nodus.transport.impl.yamux;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the yamux frame decoder and of a whole responder session fed the same
 * bytes. The decoder may only fail with a {@link YamuxException} (wrapped by Netty), the session not at all;
 * anything else is a finding and fails the build. Seeds: {@code YamuxFrameDecoderFuzzTestInputs/frames/}.
 */
class YamuxFrameDecoderFuzzTest {

    private static final Logger SESSION_LOG = Logger.getLogger(YamuxSession.class.getName());
    private static Level savedLevel;

    @BeforeAll
    static void quietLog() {
        savedLevel = SESSION_LOG.getLevel();
        SESSION_LOG.setLevel(Level.WARNING); // one INFO line per failed session would flood the report
    }

    @AfterAll
    static void restoreLog() {
        SESSION_LOG.setLevel(savedLevel);
    }

    @FuzzTest(maxDuration = "20s")
    void frames(byte[] data) {
        YamuxFrameFuzzTarget.fuzz(data);
        YamuxFrameFuzzTarget.fuzzSession(data);
    }
}
