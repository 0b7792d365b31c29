package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.nodus.api.proxy.ProxyRoute;

class ProxyUrlTest {

    @Test
    void parsesHostPortAndCredentials() {
        ProxyUrl u = ProxyUrl.parse("socks5://alice:s%40cr%3At@127.0.0.1:1080");
        assertEquals("127.0.0.1", u.host());
        assertEquals(1080, u.port());
        assertEquals("alice", u.username());
        assertEquals("s@cr:t", u.password());
        assertEquals("socks5://alice:***@127.0.0.1:1080", u.toString());
        assertEquals("socks5://alice:s%40cr%3At@127.0.0.1:1080", u.toConfigText());
        assertEquals(u, ProxyUrl.parse(u.toConfigText()));
    }

    @Test
    void acceptsSocks5hAndIpv6AndNames() {
        assertEquals("::1", ProxyUrl.parse("socks5h://[::1]:9050").host());
        assertEquals("proxy.example", ProxyUrl.parse("SOCKS5://proxy.example:1080/").host());
        assertEquals("socks5://[::1]:9050", ProxyUrl.parse("socks5://[::1]:9050").toString());
    }

    @Test
    void noneAndBlankMeanNoProxy() {
        assertTrue(ProxyUrl.parseOptional("none").isEmpty());
        assertTrue(ProxyUrl.parseOptional(" ").isEmpty());
        assertTrue(ProxyUrl.parseOptional(null).isEmpty());
        assertFalse(ProxyUrl.parseOptional("socks5://h:1").isEmpty());
    }

    @Test
    void rejectsMalformedUrlsWithoutEchoingThePassword() {
        for (String bad : new String[] {"http://h:1", "socks5://h", "socks5://h:0", "socks5://h:70000",
                "socks5://::1:80", "socks5://u@h:1", "socks5://:p@h:1", "socks5://u:p%4@h:1", "socks5://:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse(bad), bad);
            assertFalse(e.getMessage().contains("p%4"), e.getMessage());
        }
        String longUser = "u".repeat(ProxyRoute.MAX_CREDENTIAL_BYTES + 1);
        assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse("socks5://" + longUser + ":p@h:1"));
    }

    @Test
    void routeCarriesCredentials() {
        ProxyRoute r = ProxyUrl.parse("socks5://u:p@10.0.0.1:1080").route();
        assertEquals(ProxyRoute.Kind.SOCKS5, r.kind());
        assertEquals("socks5", r.via());
        assertEquals("u", r.username());
        assertEquals("p", r.password());
        assertFalse(r.toString().contains(":p@"), r.toString());
    }
}
