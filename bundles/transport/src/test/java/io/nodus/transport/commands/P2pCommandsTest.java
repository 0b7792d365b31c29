package io.nodus.transport.commands;

import static io.nodus.transport.host.HostFixture.await;
import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.transport.host.HostFixture;
import io.nodus.transport.impl.commands.P2pCommands;
import io.nodus.transport.impl.host.LibP2pHost;

class P2pCommandsTest {

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void connectPingPeersDisconnect() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        P2pCommands shell = new P2pCommands(a);

        assertEquals("no connections", shell.peers());
        assertEquals("connected to " + b.peerId(), shell.connect(dialable(b).toString()));
        await(() -> shell.peers().contains("nodus/"), Duration.ofSeconds(20), "identify in p2p:peers");
        String peers = shell.peers();
        assertTrue(peers.startsWith(b.peerId() + "  " + b.listenAddrs().get(0) + "  out  streams="), peers);

        String pong = shell.ping(b.peerId().toString(), 3);
        assertEquals(3, pong.lines().count(), pong);
        assertTrue(pong.lines().allMatch(l -> l.matches("pong from " + b.peerId() + ": seq=\\d time=\\d+\\.\\d{3} ms")),
                pong);
        assertTrue(shell.ping(dialable(b).toString(), 1).startsWith("pong from " + b.peerId()));

        assertEquals("disconnected from " + b.peerId(), shell.disconnect(b.peerId().toString()));
        await(() -> a.connections().isEmpty(), Duration.ofSeconds(20), "the disconnect");
        assertEquals("not connected to " + b.peerId(), shell.disconnect(b.peerId().toString()));
    }

    @Test
    void addrsAndProtocols() throws Exception {
        LibP2pHost a = fixture.start();
        P2pCommands shell = new P2pCommands(a);

        assertEquals(a.listenAddrs().get(0) + "/p2p/" + a.peerId(), shell.addrs());
        assertTrue(shell.protocols().lines().toList().containsAll(java.util.List.of("/ipfs/id/1.0.0",
                "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0")), shell.protocols());
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        LibP2pHost a = fixture.start();
        P2pCommands shell = new P2pCommands(a);

        assertOneLine(assertThrows(IllegalArgumentException.class, () -> shell.connect("not-a-multiaddr")),
                "p2p:connect: bad multiaddr 'not-a-multiaddr'");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> shell.connect("/ip4/127.0.0.1/udp/1")),
                "p2p:connect: not a TCP multiaddr");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> shell.disconnect("12D3nope")),
                "p2p:disconnect: bad peer id '12D3nope'");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> shell.ping("12D3nope")),
                "p2p:ping: bad peer id");
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> shell.ping(a.peerId().toString(), 0)),
                "p2p:ping: count must be between 1 and 1000");
        LibP2pHost gone = fixture.start();
        String unknown = gone.peerId().toString();
        assertOneLine(assertThrows(IOException.class, () -> shell.ping(unknown, 1)), "no known address");
        assertFalse(shell.peers().contains(unknown));
    }

    private static void assertOneLine(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
