package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.ECHO;
import static io.nodus.transport.host.HostFixture.await;
import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.host.LibP2pHost;

/** Whiteboard changes, identify push, listeners and live reconfiguration. */
class HostDynamicsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String EXTRA = "/nodus/extra/1.0.0";

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void handlerAddedAndRemovedLiveIsPushedToConnectedPeers() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.connect(dialable(b));
        await(() -> a.peerstore().protocols(b.peerId()).contains("/ipfs/id/push/1.0.0"), LIMIT, "identify");
        ProtocolHandler extra = stream -> stream.output().write("extra".getBytes());

        b.addProtocolHandler(extra, Map.of(ProtocolHandler.PROTOCOL, new String[] {EXTRA, "/nodus/extra/2.0.0"}));

        assertTrue(b.protocols().containsAll(List.of(EXTRA, "/nodus/extra/2.0.0")));
        await(() -> a.peerstore().protocols(b.peerId()).contains(EXTRA), LIMIT, "identify push with the new protocol");
        try (P2PStream s = a.newStream(b.peerId(), "/nodus/extra/2.0.0")) {
            assertEquals("/nodus/extra/2.0.0", s.protocol());
            assertEquals("extra", new String(s.input().readAllBytes()));
        }

        b.removeProtocolHandler(extra);

        assertFalse(b.protocols().contains(EXTRA));
        await(() -> !a.peerstore().protocols(b.peerId()).contains(EXTRA), LIMIT, "identify push without it");
        assertThrows(IOException.class, () -> a.newStream(b.peerId(), EXTRA));
        assertTrue(a.ping(b.peerId()).toNanos() > 0, "the connection survives the refused stream");
    }

    @Test
    void higherRankedHandlerServesASharedProtocol() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        ProtocolHandler low = stream -> stream.output().write('L');
        ProtocolHandler high = stream -> stream.output().write('H');
        b.addProtocolHandler(low, Map.of(ProtocolHandler.PROTOCOL, EXTRA, "service.ranking", 0, "service.id", 1L));
        b.addProtocolHandler(high, Map.of(ProtocolHandler.PROTOCOL, EXTRA, "service.ranking", 5, "service.id", 2L));
        a.connect(dialable(b));

        assertEquals('H', readOne(a, b));
        b.removeProtocolHandler(high);
        assertEquals('L', readOne(a, b));
    }

    @Test
    void listenersHearConnectAfterIdentifyAndDisconnect() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        List<PeerConnection> connected = new CopyOnWriteArrayList<>();
        List<PeerId> disconnected = new CopyOnWriteArrayList<>();
        a.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerConnection c) {
                connected.add(c);
            }

            @Override
            public void disconnected(PeerId peer) {
                disconnected.add(peer);
            }
        });

        a.connect(dialable(b));
        await(() -> connected.size() == 1, LIMIT, "connected event");
        assertEquals(b.peerId(), connected.get(0).peer());
        assertTrue(a.peerstore().get(b.peerId()).orElseThrow().agentVersion() != null,
                "identify finished before listeners hear of the connection");

        b.deactivate();

        await(() -> disconnected.equals(List.of(b.peerId())), LIMIT, "disconnected event");
        assertEquals(1, connected.size());
    }

    @Test
    void reconfiguresListenAddressesLive() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        Multiaddr before = b.listenAddrs().get(0);

        b.modified(TestConfigs.hostConfig(Map.of("listen", new String[] {"/ip6/::1/tcp/0"})));

        assertEquals(1, b.listenAddrs().size());
        Multiaddr after = b.listenAddrs().get(0);
        assertTrue(after.toString().startsWith("/ip6/::1/tcp/"), after.toString());
        assertThrows(IOException.class, () -> a.connect(Multiaddr.parse(before + "/p2p/" + b.peerId())));
        assertEquals(b.peerId(), a.connect(Multiaddr.parse(after + "/p2p/" + b.peerId())));
    }

    @Test
    void redialsBootstrapPeersAfterADisconnect() throws Exception {
        LibP2pHost b = fixture.start();
        LibP2pHost a = fixture.start(Map.of("bootstrap", new String[] {dialable(b).toString()}));
        await(() -> a.connections().size() == 1, LIMIT, "bootstrap dial at start");

        Instant first = a.connections().get(0).openedAt();

        b.disconnect(a.peerId());

        await(() -> a.connections().stream().anyMatch(c -> c.peer().equals(b.peerId())
                && c.openedAt().isAfter(first)), LIMIT, "the redial with backoff");
    }

    @Test
    void bootstrapAddressWithoutPeerIdIsDialedAndRedialed() throws Exception {
        LibP2pHost b = fixture.start();
        Multiaddr plain = b.listenAddrs().get(0); // as in the compose file: /ip4/172.30.0.10/tcp/4001
        LibP2pHost a = fixture.start(Map.of("bootstrap", new String[] {plain.toString()}));
        await(() -> a.connections().stream().anyMatch(c -> c.peer().equals(b.peerId())), LIMIT,
                "bootstrap dial without /p2p/ at start");

        Instant first = a.connections().get(0).openedAt();

        b.disconnect(a.peerId());

        await(() -> a.connections().stream().anyMatch(c -> c.peer().equals(b.peerId())
                && c.openedAt().isAfter(first)), LIMIT, "the redial with backoff");
    }

    @Test
    void dialingOurOwnAddressIsRefusedAfterTheHandshake() throws Exception {
        LibP2pHost a = fixture.start();

        IOException e = assertThrows(IOException.class, () -> a.connect(a.listenAddrs().get(0)));

        assertTrue(e.getMessage().contains("ourselves"), e.getMessage());
        assertTrue(a.connections().stream().noneMatch(c -> c.peer().equals(a.peerId())));
    }

    @Test
    void echoHandlerServesAfterRegistration() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.connect(dialable(b));
        assertThrows(IOException.class, () -> a.newStream(b.peerId(), ECHO));

        HostFixture.registerEcho(b);

        try (P2PStream s = a.newStream(b.peerId(), ECHO)) {
            s.output().write(new byte[] {1, 2, 3});
            s.closeWrite();
            assertEquals(3, s.input().readAllBytes().length);
        }
    }

    private static int readOne(LibP2pHost a, LibP2pHost b) throws IOException {
        try (P2PStream s = a.newStream(b.peerId(), EXTRA)) {
            return s.input().read();
        }
    }
}
