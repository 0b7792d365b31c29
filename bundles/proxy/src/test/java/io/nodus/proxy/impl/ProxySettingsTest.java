package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;

class ProxySettingsTest {

    static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    @Test
    void frameworkPropertiesAreDefaultsTheConfigurationOverrides() {
        Map<String, String> fw = Map.of("nodus.useTor", "true", "nodus.proxy", "socks5://127.0.0.1:1080");
        ProxySettings fromLauncher = ProxySettings.from(Map.of(), fw::get);
        assertTrue(fromLauncher.useTor());
        assertEquals(1080, fromLauncher.proxy().orElseThrow().port());

        ProxySettings fromFile = ProxySettings.from(Map.of("useTor", "false", "proxy", "none"), fw::get);
        assertFalse(fromFile.useTor());
        assertTrue(fromFile.proxy().isEmpty());
    }

    @Test
    void adminsAreParsedPeerIds() {
        ProxySettings s = ProxySettings.from(Map.of("admins", PEER + ", " + PEER), k -> null);
        assertEquals(1, s.admins().size());
        assertTrue(s.admins().contains(PeerId.parse(PEER)));
        ProxySettings arr = ProxySettings.from(Map.of("admins", new String[] {PEER}), k -> null);
        assertEquals(s.admins(), arr.admins());
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of("useTor", "maybe"), k -> null)).getMessage().startsWith("useTor"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of("proxy", "http://x:1"), k -> null)).getMessage().startsWith("proxy"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of("admins", "nope"), k -> null)).getMessage().startsWith("admins"));
        assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.from(Map.of("healthCheckSeconds", "0"), k -> null));
    }

    @Test
    void typedValuesFromConfigurationAdminAreAccepted() {
        ProxySettings s = ProxySettings.from(Map.of("useTor", Boolean.TRUE, "healthCheckSeconds", 3), k -> null);
        assertTrue(s.useTor());
        assertEquals(3, s.healthCheckSeconds());
    }
}
