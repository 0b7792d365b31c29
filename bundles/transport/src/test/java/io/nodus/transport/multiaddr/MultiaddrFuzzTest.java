package io.nodus.transport.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.nodus.api.transport.Multiaddr;

/**
 * Coverage-guided fuzzing (Jazzer) of the multiaddr codecs: the input is read both as the binary form
 * ({@link Multiaddr#fromBytes}) and as UTF-8 text ({@link Multiaddr#parse}). Either may only reject with an
 * {@link IllegalArgumentException}; what is accepted must survive the round trip through both forms. Anything
 * else is a finding and fails the build. Seeds, text and binary: {@code MultiaddrFuzzTestInputs/codecs/}.
 */
class MultiaddrFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void codecs(byte[] data) {
        Multiaddr binary = null;
        try {
            binary = Multiaddr.fromBytes(data);
        } catch (IllegalArgumentException expected) {
            // malformed binary multiaddr
        }
        if (binary != null) {
            assertArrayEquals(data, binary.toBytes(), "binary form re-encodes to the input");
            assertRoundTrips(binary);
        }
        Multiaddr text = null;
        try {
            text = Multiaddr.parse(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException expected) {
            // malformed text multiaddr
        }
        if (text != null) {
            assertRoundTrips(text);
        }
    }

    private static void assertRoundTrips(Multiaddr m) {
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()), "binary round trip of " + m);
        assertEquals(m, Multiaddr.parse(m.toString()), "text round trip of " + m);
        m.components();
        m.peerId();
        m.host();
        m.port();
    }
}
