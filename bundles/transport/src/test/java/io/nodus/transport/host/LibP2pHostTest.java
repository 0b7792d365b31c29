package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.ECHO;
import static io.nodus.transport.host.HostFixture.await;
import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.transport.impl.host.Peerstore.PeerRecord;

class LibP2pHostTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void connectsPingsAndIdentifiesBothWays() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start(Map.of("agentVersion", "nodus-test/9.9"));

        PeerId got = a.connect(dialable(b));

        assertEquals(b.peerId(), got);
        assertTrue(a.ping(b.peerId()).toNanos() > 0);
        assertTrue(b.ping(a.peerId()).toNanos() > 0, "the listener pings back over the same connection");
        await(() -> a.peerstore().get(b.peerId()).map(PeerRecord::agentVersion).isPresent(), LIMIT, "identify of b");
        PeerRecord rb = a.peerstore().get(b.peerId()).orElseThrow();
        assertEquals("nodus-test/9.9", rb.agentVersion());
        assertEquals("ipfs/0.1.0", rb.protocolVersion());
        assertTrue(rb.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0")),
                rb.protocols().toString());
        assertTrue(rb.addrs().contains(b.listenAddrs().get(0)), rb.addrs().toString());
        await(() -> b.peerstore().get(a.peerId()).map(PeerRecord::agentVersion).isPresent(), LIMIT, "identify of a");
        assertTrue(b.peerstore().get(a.peerId()).orElseThrow().agentVersion().startsWith("nodus/"));

        PeerConnection out = a.connections().get(0);
        assertTrue(out.outbound());
        assertEquals(b.peerId(), out.peer());
        assertEquals(1, b.connections().size());
        assertFalse(b.connections().get(0).outbound());
        assertEquals("inbound", b.connections().get(0).route());
    }

    @Test
    void refusesAPeerThatIsNotTheOneDialed() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        LibP2pHost c = fixture.start();
        Multiaddr wrong = Multiaddr.parse(b.listenAddrs().get(0) + "/p2p/" + c.peerId());

        IOException e = assertThrows(IOException.class, () -> a.connect(wrong));

        assertTrue(a.connections().isEmpty(), e.getMessage());
        await(() -> b.connections().isEmpty(), LIMIT, "b to drop the refused connection");
    }

    @Test
    void echoes16MiBByteExact() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        HostFixture.registerEcho(b);
        a.connect(dialable(b));
        byte[] data = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(data);

        try (P2PStream s = a.newStream(b.peerId(), ECHO)) {
            assertEquals(ECHO, s.protocol());
            byte[] back = echo(s, data);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void runs100ConcurrentStreamsOnOneConnection() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        HostFixture.registerEcho(b);
        a.connect(dialable(b));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int seed = i;
                results.add(pool.submit(() -> {
                    byte[] data = new byte[64 * 1024 + seed];
                    new Random(seed).nextBytes(data);
                    try (P2PStream s = a.newStream(b.peerId(), ECHO)) {
                        return java.util.Arrays.equals(data, echo(s, data));
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, a.connections().size());
    }

    @Test
    void unsupportedProtocolFailsOnlyTheStream() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.connect(dialable(b));

        IOException e = assertThrows(IOException.class, () -> a.newStream(b.peerId(), "/nodus/missing/1.0.0"));

        assertTrue(e.getMessage().contains("/nodus/missing/1.0.0"), e.getMessage());
        assertTrue(a.ping(b.peerId()).toNanos() > 0);
        assertEquals(1, a.connections().size());
    }

    @Test
    void reusesTheConnectionAndDedupesConcurrentDials() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        Multiaddr addr = dialable(b);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<PeerId>> dials = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                dials.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return a.connect(addr);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<PeerId> d : dials) {
                assertEquals(b.peerId(), d.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(b.peerId(), a.connect(addr));
        assertEquals(1, a.connections().size());
    }

    @Test
    void disconnectClosesTheConnectionOnBothSides() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.connect(dialable(b));
        await(() -> b.connections().size() == 1, LIMIT, "b to see the connection");

        a.disconnect(b.peerId());

        await(() -> a.connections().isEmpty() && b.connections().isEmpty(), LIMIT, "both sides to drop it");
    }

    @Test
    void dialsKnownAddressesWhenNotConnected() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.connect(dialable(b));
        a.disconnect(b.peerId());
        await(() -> a.connections().isEmpty(), LIMIT, "disconnect");

        assertTrue(a.ping(b.peerId()).toNanos() > 0, "ping redials the address from the peerstore");
        assertEquals(1, a.connections().size());
    }

    static byte[] echo(P2PStream s, byte[] data) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = s.output();
                for (int off = 0; off < data.length; off += 100_000) {
                    out.write(data, off, Math.min(100_000, data.length - off));
                }
                out.flush();
                s.closeWrite();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        InputStream in = s.input();
        byte[] back = in.readNBytes(data.length + 1);
        writer.get(60, TimeUnit.SECONDS);
        return back;
    }
}
