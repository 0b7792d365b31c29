package io.nodus.api.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.nodus.api.identity.PeerId;

class MultiaddrTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String PEER = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    private static final String ONION3 = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd";

    /** Canonical texts (go-multiaddr TestConstructSucceeds, supported protocols): parse, print, bytes round trip. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/1.2.3.4", "/ip4/0.0.0.0", "/ip4/192.0.2.0/ipcidr/24", "/ip6/::1",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21", "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1", "/ip6/2001:db8::/ipcidr/32",
        "/ip6zone/x/ip6/fe80::1", "/ip6zone/x%y/ip6/fe80::1", "/ip6zone/x%y/ip6/::",
        "/ip6zone/x/ip6/fe80::1/udp/1234/quic-v1",
        "/onion3/" + ONION3 + ":1234", "/onion3/" + ONION3 + ":80/http",
        "/udp/0", "/tcp/0", "/sctp/0", "/udp/1234", "/tcp/1234", "/sctp/1234", "/udp/65535", "/tcp/65535",
        "/p2p/" + PEER, "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV", "/p2p/" + PEER + "/tcp/1234",
        "/udp/1234/sctp/1234", "/udp/1234/udt", "/udp/1234/utp", "/tcp/1234/http", "/tcp/1234/tls/http",
        "/tcp/1234/https", "/ip4/127.0.0.1/udp/1234", "/ip4/127.0.0.1/udp/0", "/ip4/127.0.0.1/tcp/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport", "/ip4/127.0.0.1/p2p/" + PEER + "/tcp/1234",
        "/ip4/127.0.0.1/tcp/9090/http/p2p-webrtc-direct", "/ip4/127.0.0.1/tcp/127/ws",
        "/ip4/127.0.0.1/tcp/127/tls/ws", "/ip4/127.0.0.1/tcp/127/noise", "/ip4/127.0.0.1/tcp/127/wss",
        "/ip4/127.0.0.1/tcp/127/webrtc-direct", "/ip4/127.0.0.1/tcp/127/webrtc",
        "/ip6/::ffff:127.0.0.1/tcp/111", "/ip4/127.0.0.1/udp/123/ip6/::",
        "/dns/example.com/tcp/443/tls/sni/example.com/ws", "/dns4/bootstrap.libp2p.io/tcp/4001",
        "/dns6/bootstrap.libp2p.io/udp/4001/quic-v1", "/dnsaddr/bootstrap.libp2p.io",
        "/ip4/1.2.3.4/tcp/4001/p2p/" + PEER + "/p2p-circuit/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    })
    void validTextRoundTrips(String text) {
        Multiaddr a = Multiaddr.parse(text);
        assertEquals(text, a.toString());
        Multiaddr b = Multiaddr.fromBytes(a.toBytes());
        assertEquals(a, b);
        assertEquals(text, b.toString());
        assertEquals(a.hashCode(), b.hashCode());
    }

    /** go-multiaddr TestConstructFails (supported protocols) plus our own strictness cases. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4", "/ip4/::1", "/ip4/fdpsofodsajfdoisa", "/ip4/::/ipcidr/256", "/ip6/::/ipcidr/1026", "/ip6",
        "/ip6zone", "/ip6zone/", "/ip6zone//ip6/fe80::1", "/udp", "/tcp", "/sctp", "/udp/65536", "/tcp/65536",
        "/quic/65536", "/quic-v1/65536",
        "/onion3/9ww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80",
        "/onion3/" + ONION3 + "7:80", "/onion3/" + ONION3 + ":0", "/onion3/" + ONION3 + ":-1",
        "/onion3/" + ONION3, "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyy@:666",
        "/udp/1234/sctp", "/udp/1234/udt/1234", "/udp/1234/utp/1234", "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp", "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234", "/ip4/127.0.0.1/quic-v1/1234", "/ip4/127.0.0.1/ipfs", "/ip4/127.0.0.1/ipfs/tcp",
        "/ip4/127.0.0.1/p2p", "/ip4/127.0.0.1/p2p/tcp", "/ip4/1.2.3.4/tcp/-1",
        "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct", "/", "",
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
        "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl-", "/p2p/?unknownmultibase",
        "/p2p/k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z",
        // ours: no scheme-less text, no empty components, canonical numbers, no name resolution tricks
        "ip4/1.2.3.4", "/ip4/1.2.3.4//tcp/1", "/ip4/1.2.3.4/tcp/1//", "/ip4/01.2.3.4", "/ip4/1.2.3", "/ip4/1.2.3.4.5",
        "/ip4/256.0.0.1", "/tcp/080", "/tcp/+80", "/ip6/1::2::3", "/ip6/1:2:3:4:5:6:7:8:9", "/ip6/1:2:3:4:5:6:7:8::",
        "/ip6/12345::", "/ip6/1.2.3.4::", "/ip6/fe80::1%eth0", "/dns", "/dns/", "/unix/a", "/memory/4",
        "/onion3/" + ONION3 + ":1:2",
    })
    void invalidTextIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    /** go-multiaddr TestStringToBytes / TestBytesToString (supported protocols). */
    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
        "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
        "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
        "/onion3/" + ONION3 + ":1234, bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e30304d2",
        "/ip6zone/eth0/ip6/::1, 2a04657468302900000000000000000000000000000001", // go TestZone
    })
    void textAndBytesAgree(String text, String hex) {
        assertEquals(hex, HEX.formatHex(Multiaddr.parse(text).toBytes()));
        assertEquals(text, Multiaddr.fromBytes(HEX.parseHex(hex)).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "/ip6/0:0:0:0:0:0:0:1, /ip6/::1",
        "/ip6/0:0:0:0:0:0:0:0, /ip6/::",
        "/ip6/2001:DB8:0:0:0:0:0:1/tcp/1, /ip6/2001:db8::1/tcp/1",
        "/ip6/2001:db8:0:0:1:0:0:1, /ip6/2001:db8::1:0:0:1",
        "/ip6/2001:db8:0:1:1:1:1:1, /ip6/2001:db8:0:1:1:1:1:1",
        "/ip6/0001:0db8::0001, /ip6/1:db8::1",
        "/ip6/::ffff:7f00:1, /ip6/::ffff:127.0.0.1",
        "/ip6/::1.2.3.4, /ip6/::102:304",
        "/ipfs/" + PEER + ", /p2p/" + PEER,
        "/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe, /p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
        "/onion3/VWW6YBAL4BD7SZMGNCYRUUCPGFKQAHZDDI37KTCEO3AH7NGMCOPNPYYD:80, /onion3/" + ONION3 + ":80",
        "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
    })
    void textIsNormalised(String given, String canonical) {
        assertEquals(canonical, Multiaddr.parse(given).toString());
        assertEquals(Multiaddr.parse(canonical), Multiaddr.parse(given));
    }

    @Test
    void errorsNameTheComponentAndTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"));
        assertTrue(e.getMessage().contains("/tcp/70000") && e.getMessage().contains("65535"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/foo/1"));
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp"));
        assertTrue(e.getMessage().contains("/tcp needs a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/p2p/QmNotAPeer"));
        assertTrue(e.getMessage().contains("/p2p/QmNotAPeer"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "'', empty multiaddr",
        "06, needs 2 bytes, only 0 left",      // tcp without its 2 bytes
        "04c00002, needs 4 bytes",             // ip4 cut short
        "ff01, unknown or unsupported protocol code 255",
        "8080808080, varint",                  // unterminated varint
        "8600, not minimally encoded",         // 6 encoded in two bytes
        "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6, multihash length field says 33", // go TestInvalidP2PAddrBytes
        "3500, name is empty",                 // dns with empty name
        "35022f61, contains '/'",              // dns 'a/'
        "3501ff, UTF-8",
        "bd030000000000000000000000000000000000000000000000000000000000000000000000000000, port must be 1..65535",
    })
    void invalidBytesAreRejected(String hex, String reason) {
        var e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.fromBytes(HEX.parseHex(hex)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void tooLongInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.fromBytes(new byte[Multiaddr.MAX_BYTES + 1]));
        assertThrows(IllegalArgumentException.class,
                () -> Multiaddr.parse("/tcp/1".repeat(Multiaddr.MAX_TEXT_LENGTH / 6 + 1)));
    }

    @Test
    void theLongestTextOfABinaryAtTheLimitIsReadBack() {
        // protocol code 479 as a varint is 2 bytes; its text is 19 characters (the worst ratio in the table)
        byte[] bytes = new byte[Multiaddr.MAX_BYTES];
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = (byte) 0xdf;
            bytes[i + 1] = 0x03;
        }
        Multiaddr m = Multiaddr.fromBytes(bytes);
        assertEquals("/p2p-websocket-star".repeat(Multiaddr.MAX_BYTES / 2), m.toString());
        assertEquals(m, Multiaddr.parse(m.toString()));
    }

    @Test
    void componentsAndValues() {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/5555/udp/1234/tls/ws/p2p/" + PEER);
        assertEquals(List.of(new Multiaddr.Component("ip4", "127.0.0.1"), new Multiaddr.Component("tcp", "5555"),
                new Multiaddr.Component("udp", "1234"), new Multiaddr.Component("tls", ""),
                new Multiaddr.Component("ws", ""), new Multiaddr.Component("p2p", PEER)), a.components());
        assertEquals("/tls", a.components().get(3).toString());
        assertEquals(Optional.of("5555"), a.valueOf("tcp"));
        assertEquals(Optional.of(""), a.valueOf("ws"));
        assertEquals(Optional.of(PEER), a.valueOf("ipfs"));
        assertEquals(Optional.empty(), a.valueOf("ip6"));
        assertEquals(Optional.of("0.0.0.0"), Multiaddr.parse("/ip4/0.0.0.0/ip4/1.1.1.1").valueOf("ip4"));
        assertThrows(IllegalArgumentException.class, () -> a.valueOf("nope"));
    }

    @Test
    void encapsulateAndDecapsulate() {
        Multiaddr base = Multiaddr.parse("/ip4/127.0.0.1/udp/1234");
        Multiaddr both = base.encapsulate(Multiaddr.parse("/udp/5678"));
        assertEquals("/ip4/127.0.0.1/udp/1234/udp/5678", both.toString());
        assertEquals("/ip4/127.0.0.1/udp/1234", both.decapsulate("udp").toString()); // last occurrence
        assertEquals(base, Multiaddr.parse("/ip4/1.2.3.5/udp/1234/quic-v1").decapsulate("udp").encapsulate(
                Multiaddr.parse("/udp/1234")).decapsulate("ip4").encapsulate(base));
        Multiaddr tcp = Multiaddr.parse("/dnsaddr/wss.com/tcp/4001/ws");
        assertEquals(tcp, tcp.decapsulate("wss"));
        assertEquals("/dnsaddr/wss.com", tcp.decapsulate("tcp").toString());
        Multiaddr empty = tcp.decapsulate("dnsaddr");
        assertTrue(empty.isEmpty());
        assertEquals("", empty.toString());
        assertEquals(0, empty.toBytes().length);
        assertFalse(tcp.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> tcp.decapsulate("bogus"));
    }

    @Test
    void peerIdAndWithoutPeerId() {
        String target = "12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV";
        Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER + "/p2p-circuit/p2p/" + target);
        assertEquals(Optional.of(PeerId.parse(target)), relayed.peerId());
        assertEquals("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER + "/p2p-circuit", relayed.withoutPeerId().toString());
        assertEquals(Optional.empty(), relayed.withoutPeerId().peerId());
        Multiaddr plain = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
        assertEquals(plain, plain.withoutPeerId());
        assertEquals(Optional.empty(), plain.peerId());
        assertEquals(Optional.of(PeerId.parse(PEER)),
                plain.encapsulate(Multiaddr.parse("/p2p/" + PEER)).peerId());
    }

    @ParameterizedTest
    @CsvSource({
        "/ip4/10.0.0.1/tcp/4001/p2p/" + PEER + ", 10.0.0.1, 4001",
        "/ip6/::1/tcp/65535/ws, ::1, 65535",
        "/dns4/example.com/tcp/0, example.com, 0",
        "/dns/example.com/udp/4001/quic-v1, example.com, ",
        "/ip4/10.0.0.1, 10.0.0.1, ",
        "/p2p/" + PEER + ", , ",
        "/tcp/4001, , ",
    })
    void hostAndPort(String text, String host, Integer port) {
        Multiaddr a = Multiaddr.parse(text);
        assertEquals(Optional.ofNullable(host), a.host());
        assertEquals(Optional.ofNullable(port), a.port());
    }

    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/tcp/1, true", "/ip4/127.255.0.9, true", "/ip6/::1/tcp/1, true",
        "/ip6/::ffff:127.0.0.1, true", "/dns/localhost/tcp/1, true", "/dns4/LOCALHOST, true",
        "/ip4/128.0.0.1, false", "/ip4/10.0.0.1, false", "/ip6/::2, false", "/ip6/::, false",
        "/dns/localhost.example.com, false", "/tcp/1/ip4/127.0.0.1, false",
    })
    void loopback(String text, boolean loopback) {
        assertEquals(loopback, Multiaddr.parse(text).isLoopback());
    }

    @Test
    void namesAreKeptAndNeverResolved() {
        Multiaddr a = Multiaddr.parse("/dns/no-such-host.invalid/tcp/1");
        assertEquals("no-such-host.invalid", a.host().orElseThrow());
        assertArrayEquals(HEX.parseHex("3514"), java.util.Arrays.copyOf(a.toBytes(), 2));
    }

    @Test
    void unicodeNamesRoundTripAndBrokenOnesAreRejected() {
        Multiaddr a = Multiaddr.parse("/dns/b\u00fccher.example/tcp/1");
        assertEquals(a, Multiaddr.fromBytes(a.toBytes()));
        assertEquals("b\u00fccher.example", a.host().orElseThrow());
        var e = assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/dns/a\ud800b/tcp/1"));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    }

    @Test
    void equalityIsByBytes() {
        assertEquals(Multiaddr.parse("/ip6/::1"), Multiaddr.parse("/ip6/0::1"));
        assertNotEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/1"), Multiaddr.parse("/ip4/1.2.3.4/udp/1"));
        Multiaddr a = Multiaddr.parse("/ip4/1.2.3.4");
        byte[] bytes = a.toBytes();
        bytes[1] = 9;
        assertEquals(1, a.toBytes()[1], "toBytes returns a copy");
        byte[] given = HEX.parseHex("0401020304");
        Multiaddr b = Multiaddr.fromBytes(given);
        given[1] = 9;
        assertEquals(a, b, "fromBytes copies its input");
    }
}
