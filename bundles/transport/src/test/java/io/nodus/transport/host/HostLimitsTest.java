package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.ECHO;
import static io.nodus.transport.host.HostFixture.await;
import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.transport.impl.host.TcpEndpoint;

/** Connection limits, idle pruning, and peers that break or stall the protocol. */
class HostLimitsTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aThousandHalfOpenConnectionsAreClosedByTheHandshakeTimeout() throws Exception {
        LibP2pHost b = fixture.start(Map.of("handshakeTimeoutSeconds", 1));
        InetSocketAddress target = TcpEndpoint.of(b.listenAddrs().get(0)).socketAddress();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = new Socket();
                s.connect(target, 10_000);
                sockets.add(s);
            }
            long deadline = System.nanoTime() + LIMIT.toNanos();
            for (Socket s : sockets) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                try {
                    drainUntilClosed(s.getInputStream());
                } catch (SocketTimeoutException e) {
                    fail("a connection that never spoke was still open after " + LIMIT.toSeconds() + " s");
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        await(() -> b.pendingUpgrades() == 0, LIMIT, "no upgrade left pending");
        assertTrue(b.connections().isEmpty());

        LibP2pHost a = fixture.start();
        assertEquals(b.peerId(), a.connect(dialable(b)), "the host still accepts real peers");
    }

    /** Violations must close the connection at once: the upgrade timeout is far longer than the read timeout. */
    private static final Map<String, Object> SLOW_TIMEOUT = Map.of("handshakeTimeoutSeconds", 600);
    private static final int READ_TIMEOUT_MS = 60_000;

    @Test
    void garbageInsteadOfMultistreamClosesOnlyThatConnection() throws Exception {
        LibP2pHost b = fixture.start(SLOW_TIMEOUT);
        LibP2pHost a = fixture.start();
        a.connect(dialable(b));

        try (Socket s = new Socket()) {
            s.connect(TcpEndpoint.of(b.listenAddrs().get(0)).socketAddress(), 10_000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            // 'G' reads as a 71-byte message: send more than that, so a whole non-multistream message arrives
            String request = "GET / HTTP/1.1\r\nHost: example\r\nUser-Agent: " + "x".repeat(100) + "\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            drainUntilClosed(s.getInputStream());
        }

        assertTrue(a.ping(b.peerId()).toNanos() > 0, "the other connection is untouched");
    }

    @Test
    void forgedNoiseHandshakeClosesTheConnection() throws Exception {
        LibP2pHost b = fixture.start(SLOW_TIMEOUT);
        try (Socket s = new Socket()) {
            s.connect(TcpEndpoint.of(b.listenAddrs().get(0)).socketAddress(), 10_000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            Random random = new Random(5);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message(out, "/multistream/1.0.0");
            message(out, "/noise");
            byte[] ephemeral = new byte[32];
            random.nextBytes(ephemeral);
            out.write(new byte[] {0x00, 0x20}); // message 1: -> e
            out.writeBytes(ephemeral);
            byte[] forged = new byte[96];
            random.nextBytes(forged);
            out.write(new byte[] {0x00, 0x60}); // message 3 that cannot decrypt
            out.writeBytes(forged);
            s.getOutputStream().write(out.toByteArray());
            drainUntilClosed(s.getInputStream());
        }
        assertTrue(b.connections().isEmpty());
    }

    @Test
    void limitMakesRoomByClosingTheLongestIdleConnection() throws Exception {
        LibP2pHost b = fixture.start(Map.of("maxConnections", 2));
        HostFixture.registerEcho(b);
        LibP2pHost a1 = fixture.start();
        LibP2pHost a2 = fixture.start();
        LibP2pHost a3 = fixture.start();
        a1.connect(dialable(b));
        await(() -> b.connections().size() == 1 && b.connections().get(0).openStreams() == 0, LIMIT, "a1 idle");
        a2.connect(dialable(b));
        await(() -> b.connections().size() == 2, LIMIT, "a2 registered");
        try (P2PStream busy = a2.newStream(b.peerId(), ECHO)) {
            a3.connect(dialable(b));

            await(() -> a1.connections().isEmpty(), LIMIT, "b to close the idle connection to a1");
            List<PeerConnection> left = b.connections();
            assertEquals(2, left.size());
            assertTrue(left.stream().anyMatch(c -> c.peer().equals(a2.peerId())));
            assertTrue(left.stream().anyMatch(c -> c.peer().equals(a3.peerId())));
            busy.closeWrite();
        }
    }

    @Test
    void limitRefusesANewConnectionWhenNoneIsIdle() throws Exception {
        LibP2pHost b = fixture.start(Map.of("maxConnections", 1));
        HostFixture.registerEcho(b);
        LibP2pHost a1 = fixture.start();
        LibP2pHost a2 = fixture.start();
        a1.connect(dialable(b));
        try (P2PStream busy = a1.newStream(b.peerId(), ECHO)) {
            try {
                a2.connect(dialable(b));
            } catch (IOException e) {
                // refused during or right after the upgrade: either way b must not keep it
            }
            await(() -> a2.connections().isEmpty(), LIMIT, "b to refuse a2");
            assertEquals(1, b.connections().size());
            assertEquals(a1.peerId(), b.connections().get(0).peer());
            busy.closeWrite();
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        LibP2pHost b = fixture.start(Map.of("idleTimeoutSeconds", 1));
        LibP2pHost a = fixture.start();
        a.connect(dialable(b));
        await(() -> b.connections().size() == 1, LIMIT, "the connection");

        await(() -> b.connections().isEmpty() && a.connections().isEmpty(), LIMIT, "idle pruning");
    }

    private static void message(ByteArrayOutputStream out, String text) {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(b.length);
        out.writeBytes(b);
    }

    /** Reads until the remote closes; a read timeout propagates. */
    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        for (int i = 0; i < 10_000; i++) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return; // reset by the host: closed as well
            }
            if (n < 0) {
                return;
            }
        }
        fail("the host kept sending without closing");
    }
}
