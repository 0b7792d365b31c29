package io.nodus.tor.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nodus.api.transport.Multiaddr;

class TorSettingsTest {

    @Test
    void autoModeFollowsTheControlPortAndUseTor() {
        assertEquals(TorSettings.Mode.OFF, TorSettings.from(Map.of(), k -> null).mode());
        assertEquals(TorSettings.Mode.MANAGED, TorSettings.from(Map.of("useTor", "true"), k -> null).mode());
        Map<String, String> fw = Map.of("nodus.tor.control", "127.0.0.1:9051", "nodus.tor.socks", "127.0.0.1:9050",
                "nodus.useTor", "true");
        TorSettings attach = TorSettings.from(Map.of(), fw::get);
        assertEquals(TorSettings.Mode.ATTACH, attach.mode());
        assertEquals(9051, attach.control().getPort());
        assertEquals("127.0.0.1:9050", TorSettings.text(attach.socks()));
        assertTrue(attach.useTor());
        assertEquals(TorSettings.Mode.OFF, TorSettings.from(Map.of("mode", "off"), fw::get).mode());
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> TorSettings.from(Map.of("mode", "attach"), k -> null));
        assertThrows(IllegalArgumentException.class, () -> TorSettings.from(Map.of("mode", "sometimes"), k -> null));
        assertThrows(IllegalArgumentException.class, () -> TorSettings.from(Map.of("control", "nohost"), k -> null));
        assertThrows(IllegalArgumentException.class, () -> TorSettings.from(Map.of("onionPort", "0"), k -> null));
    }

    @Test
    void reconnectOnlyWhenTheWayToTorChanges() {
        TorSettings a = TorSettings.from(Map.of("control", "127.0.0.1:1", "newnymMinutes", "0"), k -> null);
        TorSettings b = TorSettings.from(Map.of("control", "127.0.0.1:1", "newnymMinutes", "10"), k -> null);
        TorSettings c = TorSettings.from(Map.of("control", "127.0.0.1:2"), k -> null);
        assertFalse(b.needsReconnect(a));
        assertTrue(c.needsReconnect(a));
        assertTrue(a.needsReconnect(null));
        assertFalse(TorSettings.from(Map.of("control", "127.0.0.1:1", "controlPassword", "pw"), k -> null)
                .toString().contains("pw "));
    }

    @Test
    void onionTargetIsTheLoopbackListener() {
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:4001"),
                Multiaddr.parse("/ip4/192.0.2.7/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4002"),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/4003"));
        assertEquals("[::1]:4002", TorSupervisor.target(addrs));
        assertEquals("192.0.2.7:4001", TorSupervisor.target(addrs.subList(0, 2)));
        assertNull(TorSupervisor.target(addrs.subList(0, 1)));
    }
}
