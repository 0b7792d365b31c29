package io.nodus.api.transport;

import io.nodus.api.codec.ByteCursor;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.nodus.api.identity.PeerId;

/**
 * A self-describing network address (multiformats multiaddr): text form {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3...}
 * and binary form (varint protocol code, then the value: fixed size, or varint length + bytes).
 * <p>
 * Supported protocols: ip4, ip6, ip6zone, ipcidr, dns, dns4, dns6, dnsaddr, tcp, udp, dccp, sctp, p2p (alias ipfs
 * when parsing), onion3, sni, and the value-less tls, noise, quic, quic-v1, webtransport, http, https, ws, wss,
 * webrtc, webrtc-direct, p2p-circuit, udt, utp and the deprecated p2p-websocket-star, p2p-stardust,
 * p2p-webrtc-star, p2p-webrtc-direct. Names are never resolved. Text is canonical: ip6 is printed in RFC 5952 form,
 * p2p values in base58btc, no trailing slash (one is tolerated when parsing); parsing rejects leading zeros in
 * numbers and empty components.
 * <p>
 * Instances are immutable and compare by their bytes. An empty multiaddr exists only as the result of
 * {@link #decapsulate} or {@link #withoutPeerId}; {@link #parse} and {@link #fromBytes} reject empty input.
 */
public final class Multiaddr {

    /** Longest binary form accepted. */
    public static final int MAX_BYTES = 1024;
    /**
     * Longest text form read. What is accepted is bounded by its binary form ({@link #MAX_BYTES}); this only has to
     * be longer than the text of any such binary: at most 9.5 characters per byte ({@code /p2p-websocket-star}
     * from a 2-byte code), so every multiaddr read from bytes can also be read from its text.
     */
    public static final int MAX_TEXT_LENGTH = 10 * MAX_BYTES;

    /**
     * One component as text: protocol name and value ({@code ""} for protocols without a value).
     * {@link #toString()} gives {@code /name/value}, or {@code /name} when there is no value.
     */
    public record Component(String protocol, String value) {
        @Override
        public String toString() {
            return value.isEmpty() ? "/" + protocol : "/" + protocol + "/" + value;
        }
    }

    private record Part(MultiaddrProtocol protocol, byte[] value, String text) {
    }

    private final byte[] bytes;
    private final List<Part> parts;

    private Multiaddr(byte[] bytes, List<Part> parts) {
        this.bytes = bytes;
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException with the offending component and the reason when the text is invalid */
    public static Multiaddr parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.equals("/")) {
            throw new IllegalArgumentException("empty multiaddr");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("multiaddr text is " + text.length() + " characters, longer than "
                    + MAX_TEXT_LENGTH);
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("multiaddr '" + text + "' must start with '/'");
        }
        // One trailing '/' is tolerated, as go-multiaddr does; the canonical text has none.
        String body = text.endsWith("/") ? text.substring(1, text.length() - 1) : text.substring(1);
        String[] tokens = body.split("/", -1);
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String name = tokens[i];
            if (name.isEmpty()) {
                throw new IllegalArgumentException("multiaddr '" + text + "': empty protocol name after component "
                        + parts.size() + " ('//')");
            }
            MultiaddrProtocol protocol = MultiaddrProtocol.byName(name);
            if (protocol == null) {
                throw new IllegalArgumentException("multiaddr '" + text + "': unknown or unsupported protocol '"
                        + name + "'");
            }
            if (!protocol.hasValue()) {
                parts.add(new Part(protocol, new byte[0], ""));
                continue;
            }
            if (i + 1 >= tokens.length) {
                throw new IllegalArgumentException("multiaddr '" + text + "': /" + name + " needs a value");
            }
            String value = tokens[++i];
            try {
                byte[] raw = protocol.codec.toBytes(value);
                parts.add(new Part(protocol, raw, protocol.codec.toText(raw)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("multiaddr '" + text + "': component /" + name + "/" + value
                        + ": " + e.getMessage(), e);
            }
        }
        return of(parts);
    }

    /** @throws IllegalArgumentException with the offending component and the reason when the bytes are invalid */
    public static Multiaddr fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty multiaddr");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr is " + bytes.length + " bytes, longer than " + MAX_BYTES);
        }
        ByteCursor in = new ByteCursor(bytes.clone());
        List<Part> parts = new ArrayList<>();
        while (!in.atEnd()) {
            String where = "multiaddr bytes, component " + parts.size();
            int code = in.readVarint(where + " protocol code");
            MultiaddrProtocol protocol = MultiaddrProtocol.byCode(code);
            if (protocol == null) {
                throw new IllegalArgumentException(where + ": unknown or unsupported protocol code " + code);
            }
            where += " (/" + protocol.protocolName + ")";
            int size = protocol.sizeBits == MultiaddrProtocol.Size.VARIABLE
                    ? in.readVarint(where + " value length") : protocol.sizeBits / 8;
            byte[] value = in.readBytes(size, where + " value");
            try {
                parts.add(new Part(protocol, value, protocol.codec.toText(value)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return of(parts);
    }

    private static Multiaddr of(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(ByteCursor.varint(p.protocol.code));
            if (p.protocol.sizeBits == MultiaddrProtocol.Size.VARIABLE) {
                out.writeBytes(ByteCursor.varint(p.value.length));
            }
            out.writeBytes(p.value);
        }
        if (out.size() > MAX_BYTES) {
            throw new IllegalArgumentException("multiaddr would be " + out.size() + " bytes, longer than "
                    + MAX_BYTES);
        }
        return new Multiaddr(out.toByteArray(), parts);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** True only for the empty result of {@link #decapsulate} or {@link #withoutPeerId}. */
    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The components in order, each as protocol name and value text. */
    public List<Component> components() {
        List<Component> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(new Component(p.protocol.protocolName, p.text));
        }
        return List.copyOf(out);
    }

    /**
     * The value of the first component of that protocol ({@code ""} for a protocol without value).
     *
     * @throws IllegalArgumentException when the protocol name is unknown
     */
    public Optional<String> valueOf(String protocol) {
        MultiaddrProtocol wanted = MultiaddrProtocol.require(protocol);
        return parts.stream().filter(p -> p.protocol == wanted).map(Part::text).findFirst();
    }

    /** This address followed by {@code inner}, e.g. {@code /ip4/1.2.3.4/tcp/1} + {@code /p2p/Qm...}. */
    public Multiaddr encapsulate(Multiaddr inner) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(inner.parts);
        return of(all);
    }

    /**
     * Drops the last component of that protocol and everything after it; unchanged when it does not occur.
     *
     * @throws IllegalArgumentException when the protocol name is unknown
     */
    public Multiaddr decapsulate(String protocol) {
        MultiaddrProtocol wanted = MultiaddrProtocol.require(protocol);
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i).protocol == wanted) {
                return of(parts.subList(0, i));
            }
        }
        return this;
    }

    /** The peer ID of a trailing {@code /p2p/} component (for relay addresses, the target's). */
    public Optional<PeerId> peerId() {
        if (parts.isEmpty() || last().protocol != MultiaddrProtocol.P2P) {
            return Optional.empty();
        }
        return Optional.of(PeerId.fromBytes(last().value));
    }

    /** This address without a trailing {@code /p2p/} component. */
    public Multiaddr withoutPeerId() {
        return peerId().isPresent() ? of(parts.subList(0, parts.size() - 1)) : this;
    }

    /** The host of a dialable address: the value of a leading ip4, ip6, dns, dns4 or dns6 component. */
    public Optional<String> host() {
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return switch (parts.get(0).protocol) {
            case IP4, IP6, DNS, DNS4, DNS6 -> Optional.of(parts.get(0).text);
            default -> Optional.empty();
        };
    }

    /** The TCP port when the address starts with a host (see {@link #host()}) followed by {@code /tcp/}. */
    public Optional<Integer> port() {
        if (host().isEmpty() || parts.size() < 2 || parts.get(1).protocol != MultiaddrProtocol.TCP) {
            return Optional.empty();
        }
        byte[] v = parts.get(1).value;
        return Optional.of(((v[0] & 0xff) << 8) | (v[1] & 0xff));
    }

    /**
     * True when the leading component is a loopback address: ip4 127.0.0.0/8, ip6 {@code ::1} or an IPv4-mapped
     * 127.0.0.0/8, or the name {@code localhost} (RFC 6761) in dns, dns4 or dns6.
     */
    public boolean isLoopback() {
        if (parts.isEmpty()) {
            return false;
        }
        Part first = parts.get(0);
        byte[] v = first.value;
        return switch (first.protocol) {
            case IP4 -> v[0] == 127;
            case IP6 -> Arrays.equals(v, IP6_LOOPBACK) || (IpText.isIp4Mapped(v) && v[12] == 127);
            case DNS, DNS4, DNS6 -> first.text.equalsIgnoreCase("localhost");
            default -> false;
        };
    }

    private static final byte[] IP6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private Part last() {
        return parts.get(parts.size() - 1);
    }

    /** The canonical text form ({@code ""} for the empty multiaddr). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            out.append('/').append(p.protocol.protocolName);
            if (p.protocol.hasValue()) {
                out.append('/').append(p.text);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
