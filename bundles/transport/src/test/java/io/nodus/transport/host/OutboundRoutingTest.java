package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyRefusedException;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.AddressSource;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;
import io.nodus.transport.impl.host.LibP2pHost;

/** Dials follow the {@link OutboundRouter}; {@link AddressSource}s add announced addresses. */
class OutboundRoutingTest {

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static OutboundRouter router(ProxyRoute route) {
        return new OutboundRouter() {
            @Override
            public ProxyRoute route(Multiaddr target) {
                return route;
            }

            @Override
            public ProxyStatus status() {
                return ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.UP, "test");
            }
        };
    }

    @Test
    void dialsThroughTheSocks5ProxyTheRouterNames() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        try (TestSocks5Server proxy = new TestSocks5Server()) {
            a.setOutboundRouter(router(ProxyRoute.socks5("tor", "127.0.0.1", proxy.port(), null, null)));
            Multiaddr target = dialable(b);

            assertEquals(b.peerId(), a.connect(target));

            assertTrue(a.ping(b.peerId()).toNanos() > 0);
            PeerConnection c = a.connections().get(0);
            assertEquals("tor", c.route());
            assertEquals(b.listenAddrs().get(0), c.remoteAddr(), "the dialed address, not the proxy's");
            int port = b.listenAddrs().get(0).port().orElseThrow();
            assertEquals(List.of("127.0.0.1:" + port), proxy.targets());
        }
    }

    @Test
    void aRefusedRouteSendsNothing() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        a.setOutboundRouter(router(ProxyRoute.refused("policy", "useTor=true and Tor is down")));

        ProxyRefusedException e = assertThrows(ProxyRefusedException.class, () -> a.connect(dialable(b)));

        assertTrue(e.getMessage().contains("Tor is down"), e.getMessage());
        assertTrue(a.connections().isEmpty());
        assertEquals(0, b.pendingUpgrades());
        assertTrue(b.connections().isEmpty());
    }

    @Test
    void withoutARouterOnionAddressesAreRefused() throws Exception {
        LibP2pHost a = fixture.start();
        Multiaddr onion = Multiaddr.parse("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:4001");

        Exception e = assertThrows(java.io.IOException.class, () -> a.connect(onion));

        assertTrue(e.getMessage().contains("onion"), e.getMessage());
    }

    @Test
    void addressSourcesAreAnnounced() throws Exception {
        LibP2pHost a = fixture.start();
        Multiaddr onion = Multiaddr.parse("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:4001");
        AddressSource source = () -> List.of(onion);

        a.addAddressSource(source);
        assertTrue(a.listenAddrs().contains(onion));
        assertEquals(a.listenAddrs().get(0).toString().startsWith("/ip4/127.0.0.1/tcp/"), true);

        a.removeAddressSource(source);
        assertTrue(!a.listenAddrs().contains(onion));
    }
}
