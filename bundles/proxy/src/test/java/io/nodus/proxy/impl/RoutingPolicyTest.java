package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;

class RoutingPolicyTest {

    static final Multiaddr IP = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    static final Multiaddr ONION = Multiaddr.parse(
            "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234");

    private static RoutingPolicy policy(String... config) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < config.length; i += 2) {
            m.put(config[i], config[i + 1]);
        }
        return new RoutingPolicy(ProxySettings.from(m, k -> null));
    }

    private static void add(RoutingPolicy p, ProxyProvider provider) {
        p.addProvider(provider, Map.of(ProxyProvider.NAME, provider.name()));
    }

    @Test
    void directWithoutProxyOrTor() {
        RoutingPolicy p = policy();
        assertEquals(ProxyRoute.Kind.DIRECT, p.route(IP).kind());
        assertEquals(ProxyStatus.State.UP, p.status().state());
    }

    @Test
    void useTorRoutesThroughTorAndFailsClosedWhenItIsDown() {
        RoutingPolicy p = policy("useTor", "true");
        ProxyRoute missing = p.route(IP);
        assertTrue(missing.isRefused());
        assertTrue(missing.reason().contains("not installed"), missing.reason());
        assertTrue(missing.reason().contains("fail-closed"), missing.reason());
        assertEquals(ProxyStatus.State.DOWN, p.status().state());

        FakeProvider tor = new FakeProvider("tor", ProxyStatus.State.UP);
        add(p, tor);
        assertEquals(ProxyRoute.Kind.SOCKS5, p.route(IP).kind());
        assertEquals("tor", p.route(IP).via());
        assertEquals(ProxyStatus.State.UP, p.status().state());

        tor.set(ProxyStatus.State.DOWN);
        p.statusChanged(tor.status());
        ProxyRoute down = p.route(IP);
        assertTrue(down.isRefused());
        assertTrue(down.reason().contains("tor is DOWN"), down.reason());
        assertTrue(down.reason().contains("allowDirectFallback"), down.reason());
        assertEquals(ProxyStatus.State.DOWN, p.status().state());

        p.removeProvider(tor);
        assertTrue(p.route(IP).isRefused());
    }

    @Test
    void directFallbackOnlyWhenAllowedAndNeverForOnion() {
        RoutingPolicy p = policy("useTor", "true", "allowDirectFallback", "true");
        add(p, new FakeProvider("tor", ProxyStatus.State.DOWN));
        assertEquals(ProxyRoute.Kind.DIRECT, p.route(IP).kind());
        ProxyRoute onion = p.route(ONION);
        assertTrue(onion.isRefused());
        assertTrue(onion.reason().contains("never directly"), onion.reason());
    }

    @Test
    void onionGoesThroughTorEvenWithoutUseTor() {
        RoutingPolicy p = policy();
        assertTrue(p.route(ONION).isRefused());
        add(p, new FakeProvider("tor", ProxyStatus.State.UP));
        assertEquals("tor", p.route(ONION).via());
        assertEquals(ProxyRoute.Kind.DIRECT, p.route(IP).kind());
    }

    @Test
    void socksProxySetting() {
        RoutingPolicy p = policy("proxy", "socks5://127.0.0.1:1080");
        assertTrue(p.route(IP).isRefused());
        FakeProvider socks = new FakeProvider("socks5", ProxyStatus.State.UP);
        add(p, socks);
        assertEquals("socks5", p.route(IP).via());
        socks.set(ProxyStatus.State.DOWN);
        assertTrue(p.route(IP).isRefused());
    }

    @Test
    void listenersHearPolicyChangesOnce() {
        RoutingPolicy p = policy("useTor", "true");
        List<ProxyStatus> heard = new ArrayList<>();
        p.addListener(heard::add);
        FakeProvider tor = new FakeProvider("tor", ProxyStatus.State.STARTING);
        add(p, tor);
        assertEquals(List.of(), heard.stream().filter(s -> s.state() == ProxyStatus.State.UP).toList());
        tor.set(ProxyStatus.State.UP);
        p.statusChanged(tor.status());
        p.statusChanged(tor.status());
        assertEquals(1, heard.stream().filter(s -> s.state() == ProxyStatus.State.UP).count(), heard.toString());
        assertEquals(ProxyStatus.POLICY, heard.get(heard.size() - 1).source());
    }
}
