package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class Socks5ProbeTest {

    static final int TIMEOUT = 2000;

    @Test
    void acceptsAProxyWithoutAuthentication() throws Exception {
        try (FakeSocks5Server s = new FakeSocks5Server(null, null)) {
            assertTrue(Socks5Probe.probe(ProxyUrl.parse("socks5://127.0.0.1:" + s.port()), TIMEOUT) > 0);
        }
    }

    @Test
    void checksTheCredentials() throws Exception {
        try (FakeSocks5Server s = new FakeSocks5Server("alice", "right")) {
            assertTrue(Socks5Probe.probe(ProxyUrl.parse("socks5://alice:right@127.0.0.1:" + s.port()), TIMEOUT) > 0);
            Socks5Probe.ProbeException wrong = assertThrows(Socks5Probe.ProbeException.class,
                    () -> Socks5Probe.probe(ProxyUrl.parse("socks5://alice:wrong@127.0.0.1:" + s.port()), TIMEOUT));
            assertTrue(wrong.getMessage().contains("refused the user name/password"), wrong.getMessage());
            Socks5Probe.ProbeException none = assertThrows(Socks5Probe.ProbeException.class,
                    () -> Socks5Probe.probe(ProxyUrl.parse("socks5://127.0.0.1:" + s.port()), TIMEOUT));
            assertTrue(none.getMessage().contains("needs a user name and password"), none.getMessage());
        }
    }

    @Test
    void saysWhenTheProxyIsUnreachable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Socks5Probe.ProbeException e = assertThrows(Socks5Probe.ProbeException.class,
                () -> Socks5Probe.probe(ProxyUrl.parse("socks5://127.0.0.1:" + port), TIMEOUT));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }
}
