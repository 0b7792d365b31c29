package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.impl.host.LibP2pHost;

/**
 * With a SOCKS5 route, {@code /dns*} names go to the proxy as names (RFC 1928 ATYP 3) and the node makes no DNS
 * lookup of its own. {@code .invalid} (RFC 6761) never resolves: a direct dial of it fails in the local resolver,
 * while through the proxy the name reaches the proxy unchanged and only the proxy's answer comes back.
 */
class ProxiedNameResolutionTest {

    static final String UNRESOLVABLE = "peer.nodus-test.invalid";

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static OutboundRouter always(ProxyRoute route) {
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
    void namesReachTheProxyUnresolved() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        int port = b.listenAddrs().get(0).port().orElseThrow();
        try (TestSocks5Server proxy = new TestSocks5Server()) {
            a.setOutboundRouter(always(ProxyRoute.socks5("socks5", "127.0.0.1", proxy.port(), null, null)));

            assertEquals(b.peerId(), a.connect(Multiaddr.parse("/dns4/localhost/tcp/" + port + "/p2p/" + b.peerId())));
            assertEquals(List.of("localhost:" + port), proxy.targets(), "the name, not an address we looked up");

            a.disconnect(b.peerId()); // so that the next dial is a new connection, not the live one
            HostFixture.await(() -> a.connections().isEmpty(), java.time.Duration.ofSeconds(10), "disconnect");
            Multiaddr invalid = Multiaddr.parse("/dns4/" + UNRESOLVABLE + "/tcp/" + port + "/p2p/" + b.peerId());
            IOException viaProxy = assertThrows(IOException.class, () -> a.connect(invalid));
            assertEquals(List.of("localhost:" + port, UNRESOLVABLE + ":" + port), proxy.targets());
            assertFalse(viaProxy.getMessage().contains("cannot resolve"), viaProxy.getMessage());
        }
    }

    @Test
    void onlyTheDirectRouteResolvesLocally() throws Exception {
        LibP2pHost a = fixture.start();
        LibP2pHost b = fixture.start();
        Multiaddr invalid = Multiaddr.parse("/dns4/" + UNRESOLVABLE + "/tcp/" + dialable(b).port().orElseThrow()
                + "/p2p/" + b.peerId());
        IOException direct = assertThrows(IOException.class, () -> a.connect(invalid));
        assertTrue(direct.getMessage().contains("cannot resolve " + UNRESOLVABLE), direct.getMessage());
    }
}
