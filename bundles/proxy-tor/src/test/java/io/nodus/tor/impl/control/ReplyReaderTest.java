package io.nodus.tor.impl.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplyReaderTest {

    private static ReplyReader reader(String wire) {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void midDataAndEndLines() throws IOException {
        ReplyReader r = reader("250-version=0.4.9.11\r\n250+circuit-status=\r\n1 BUILT $A~a,$B~b\r\n..dot\r\n.\r\n"
                + "250 OK\r\n650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED\r\n");
        TorReply reply = r.read();
        assertEquals(250, reply.code());
        assertTrue(reply.isOk());
        Map<String, String> kv = reply.keyValues();
        assertEquals("0.4.9.11", kv.get("version"));
        assertEquals("1 BUILT $A~a,$B~b\n.dot", kv.get("circuit-status"));
        TorReply event = r.read();
        assertEquals(TorReply.EVENT, event.code());
        assertEquals("STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED", event.firstLine());
        assertThrows(EOFException.class, r::read);
    }

    @Test
    void errorRepliesAndQuotedValues() throws IOException {
        TorReply err = reader("552 Unrecognized key \"nope\"\r\n").read();
        assertEquals(552, err.code());
        assertEquals(List.of("Unrecognized key \"nope\""), err.lines());
        TorReply q = reader("250-net/listeners/socks=\"127.0.0.1:9050\"\r\n250 OK\r\n").read();
        assertEquals("127.0.0.1:9050", q.keyValues().get("net/listeners/socks"));
        assertEquals("a\"b\\c", TorReply.unquote(TorReply.quote("a\"b\\c")));
    }

    @Test
    void violationsAreTypedExceptions() {
        assertThrows(TorControlException.class, () -> reader("25\r\n").read());
        assertThrows(TorControlException.class, () -> reader("abc OK\r\n").read());
        assertThrows(TorControlException.class, () -> reader("250*OK\r\n").read());
        assertThrows(TorControlException.class, () -> reader("250-a\r\n251 b\r\n").read());
        assertThrows(TorControlException.class, () -> reader("250 " + "x".repeat(ReplyReader.MAX_LINE_BYTES) + "\r\n")
                .read());
        assertThrows(EOFException.class, () -> reader("250-a\r\n").read());
        assertThrows(EOFException.class, () -> reader("250+a=\r\nline\r\n").read());
    }

    @Test
    void bootstrapPhase() {
        BootstrapPhase p = BootstrapPhase.parse("NOTICE BOOTSTRAP PROGRESS=45 TAG=loading_descriptors"
                + " SUMMARY=\"Loading relay descriptors\"");
        assertEquals(45, p.progress());
        assertEquals("45% (Loading relay descriptors)", p.toString());
        assertTrue(BootstrapPhase.parse("NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"").isDone());
        assertEquals(0, BootstrapPhase.parse(null).progress());
    }
}
