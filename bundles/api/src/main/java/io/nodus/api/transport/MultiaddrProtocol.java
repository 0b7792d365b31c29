package io.nodus.api.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * The multiaddr protocols Nodus understands, with code and value size from multiformats/multiaddr
 * {@code protocols.csv}. {@code ipfs} is accepted as an alias of {@code p2p} (same code 421) when parsing.
 */
enum MultiaddrProtocol {
    IP4(4, "ip4", 32, ValueCodec.IP4),
    TCP(6, "tcp", 16, ValueCodec.PORT),
    UDP(273, "udp", 16, ValueCodec.PORT),
    DCCP(33, "dccp", 16, ValueCodec.PORT),
    IP6(41, "ip6", 128, ValueCodec.IP6),
    IP6ZONE(42, "ip6zone", Size.VARIABLE, ValueCodec.NAME),
    IPCIDR(43, "ipcidr", 8, ValueCodec.PREFIX_LENGTH),
    DNS(53, "dns", Size.VARIABLE, ValueCodec.NAME),
    DNS4(54, "dns4", Size.VARIABLE, ValueCodec.NAME),
    DNS6(55, "dns6", Size.VARIABLE, ValueCodec.NAME),
    DNSADDR(56, "dnsaddr", Size.VARIABLE, ValueCodec.NAME),
    SCTP(132, "sctp", 16, ValueCodec.PORT),
    UDT(301, "udt", 0, ValueCodec.NONE),
    UTP(302, "utp", 0, ValueCodec.NONE),
    P2P(421, "p2p", Size.VARIABLE, ValueCodec.PEER_ID),
    ONION3(445, "onion3", 296, ValueCodec.ONION3),
    TLS(448, "tls", 0, ValueCodec.NONE),
    SNI(449, "sni", Size.VARIABLE, ValueCodec.NAME),
    NOISE(454, "noise", 0, ValueCodec.NONE),
    QUIC(460, "quic", 0, ValueCodec.NONE),
    QUIC_V1(461, "quic-v1", 0, ValueCodec.NONE),
    WEBTRANSPORT(465, "webtransport", 0, ValueCodec.NONE),
    HTTP(480, "http", 0, ValueCodec.NONE),
    HTTPS(443, "https", 0, ValueCodec.NONE),
    WS(477, "ws", 0, ValueCodec.NONE),
    WSS(478, "wss", 0, ValueCodec.NONE),
    P2P_WEBSOCKET_STAR(479, "p2p-websocket-star", 0, ValueCodec.NONE),
    P2P_STARDUST(277, "p2p-stardust", 0, ValueCodec.NONE),
    P2P_WEBRTC_STAR(275, "p2p-webrtc-star", 0, ValueCodec.NONE),
    P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", 0, ValueCodec.NONE),
    WEBRTC_DIRECT(280, "webrtc-direct", 0, ValueCodec.NONE),
    WEBRTC(281, "webrtc", 0, ValueCodec.NONE),
    P2P_CIRCUIT(290, "p2p-circuit", 0, ValueCodec.NONE);

    /** Size markers as in protocols.csv: a bit count, or V for a varint length prefix. */
    static final class Size {
        static final int VARIABLE = -1;

        private Size() {
        }
    }

    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();
    private static final Map<Integer, MultiaddrProtocol> BY_CODE = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_NAME.put(p.protocolName, p);
            BY_CODE.put(p.code, p);
        }
        BY_NAME.put("ipfs", P2P); // protocols.csv: "backwards compatibility; equivalent to /p2p"
    }

    final int code;
    final String protocolName;
    /** Value size in bits, 0 for no value, or {@link Size#VARIABLE}. */
    final int sizeBits;
    final ValueCodec codec;

    MultiaddrProtocol(int code, String protocolName, int sizeBits, ValueCodec codec) {
        this.code = code;
        this.protocolName = protocolName;
        this.sizeBits = sizeBits;
        this.codec = codec;
    }

    boolean hasValue() {
        return sizeBits != 0;
    }

    static MultiaddrProtocol byName(String name) {
        return BY_NAME.get(name);
    }

    static MultiaddrProtocol byCode(int code) {
        return BY_CODE.get(code);
    }

    /** The protocol for a name given by a caller, or an exception naming it. */
    static MultiaddrProtocol require(String name) {
        MultiaddrProtocol p = BY_NAME.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown or unsupported multiaddr protocol '" + name + "'");
        }
        return p;
    }
}
