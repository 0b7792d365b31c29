package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.nodus.gui.impl.ProxyControl.ParsedProxy;

class ProxyControlTest {

    @Test
    void parsesProxyUrlsWithAndWithoutCredentials() {
        ParsedProxy p = ParsedProxy.parse("socks5://alice:s%40cret@127.0.0.1:1080");
        assertEquals(new ParsedProxy("127.0.0.1", 1080, "alice", "s@cret"), p);
        assertEquals("socks5://127.0.0.1:1080", p.withoutCredentials());
        assertEquals("socks5://alice:s%40cret@127.0.0.1:1080", p.withCredentials("alice", "s@cret"));
        assertEquals("socks5://[::1]:9050", ParsedProxy.parse("socks5h://[::1]:9050/").withoutCredentials());
    }

    @Test
    void refusesWhatIsNotASocks5Url() {
        assertThrows(IllegalArgumentException.class, () -> ParsedProxy.parse("http://127.0.0.1:8080"));
        assertThrows(IllegalArgumentException.class, () -> ParsedProxy.parse("socks5://127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> ParsedProxy.parse("socks5://127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> ParsedProxy.parse("socks5://user@127.0.0.1:1080"));
        assertThrows(IllegalArgumentException.class, () -> ParsedProxy.parse("socks5://127.0.0.1:1080/path"));
    }
}
