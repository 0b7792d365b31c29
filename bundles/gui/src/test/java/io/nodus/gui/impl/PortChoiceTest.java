package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortChoiceTest {

    @TempDir
    Path data;

    @Test
    void picksAFreePortOnceAndKeepsItAcrossRestarts() throws Exception {
        int first = PortChoice.choose("127.0.0.1", 0, data, 0);
        assertTrue(first > 0);
        assertEquals(Integer.toString(first), Files.readString(data.resolve(PortChoice.FILE)).strip());
        assertEquals(first, PortChoice.choose("127.0.0.1", 0, data, 0));
    }

    @Test
    void aRememberedPortThatIsTakenIsReplaced() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(data.resolve(PortChoice.FILE), taken.getLocalPort() + "\n");
            int chosen = PortChoice.choose("127.0.0.1", 0, data, 0);
            assertNotEquals(taken.getLocalPort(), chosen);
            assertEquals(chosen, PortChoice.remembered(data));
        }
    }

    @Test
    void aConfiguredPortIsUsedAsItIs() throws Exception {
        assertEquals(8844, PortChoice.choose("127.0.0.1", 8844, data, 0));
        assertEquals(0, PortChoice.remembered(data));
    }
}
