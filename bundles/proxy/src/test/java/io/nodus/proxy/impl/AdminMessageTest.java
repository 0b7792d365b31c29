package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class AdminMessageTest {

    @Test
    void roundTrip() throws IOException {
        AdminMessage m = AdminMessage.of("op", "set", "proxy", "socks5://u:p%3D@h:1", "useTor", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        byte[] bytes = out.toByteArray();
        assertEquals(bytes.length - 1, bytes[0]); // one-byte varint length prefix
        AdminMessage back = AdminMessage.read(new ByteArrayInputStream(bytes));
        assertEquals(m.fields(), back.fields());
        assertEquals("socks5://u:p%3D@h:1", back.get("proxy"));
    }

    @Test
    void twoByteLengthPrefix() throws IOException {
        AdminMessage m = AdminMessage.of("error", "x".repeat(300));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        assertEquals(m.fields(), AdminMessage.read(new ByteArrayInputStream(out.toByteArray())).fields());
    }

    @Test
    void violationsAreTypedErrors() {
        assertThrows(AdminMessage.AdminProtocolException.class,
                () -> AdminMessage.read(new ByteArrayInputStream(new byte[] {(byte) 0x81, (byte) 0x40})));
        assertThrows(AdminMessage.AdminProtocolException.class,
                () -> AdminMessage.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff, 1})));
        assertThrows(EOFException.class, () -> AdminMessage.read(new ByteArrayInputStream(new byte[] {5, 'a'})));
        assertThrows(AdminMessage.AdminProtocolException.class,
                () -> AdminMessage.read(new ByteArrayInputStream(new byte[] {3, 'a', 'b', '\n'})));
        assertThrows(IllegalArgumentException.class, () -> AdminMessage.of("k", "a\nb").write(new ByteArrayOutputStream()));
    }
}
