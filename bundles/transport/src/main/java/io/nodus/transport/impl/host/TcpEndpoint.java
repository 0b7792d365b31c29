package io.nodus.transport.impl.host;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;

/**
 * A TCP address this host can dial, read from a multiaddr {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>]}
 * or {@code /onion3/<address>:<port>[/p2p/<id>]}, and the way back from a socket address to a multiaddr.
 *
 * @param host     an IP literal, a DNS name, or {@code <address>.onion}
 * @param literal  true when {@code host} is an IP literal (no resolution needed)
 * @param port     TCP port
 * @param peer     the {@code /p2p/} peer, or null
 */
public record TcpEndpoint(String host, boolean literal, int port, PeerId peer) {

    /** @throws IllegalArgumentException when the multiaddr is not a TCP address this host can dial */
    public static TcpEndpoint of(Multiaddr address) {
        List<Multiaddr.Component> parts = address.components();
        if (!parts.isEmpty() && parts.get(0).protocol().equals("onion3")) {
            if (parts.size() > 2 || (parts.size() == 2 && address.peerId().isEmpty())) {
                throw new IllegalArgumentException("unsupported multiaddr (only /p2p/<id> may follow /onion3): "
                        + address);
            }
            String value = parts.get(0).value();
            int colon = value.lastIndexOf(':');
            return new TcpEndpoint(value.substring(0, colon) + ".onion", false,
                    Integer.parseInt(value.substring(colon + 1)), address.peerId().orElse(null));
        }
        if (address.host().isEmpty() || address.port().isEmpty()) {
            throw new IllegalArgumentException("not a TCP multiaddr (want /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>): "
                    + address);
        }
        if (parts.size() > 3 || (parts.size() == 3 && address.peerId().isEmpty())) {
            throw new IllegalArgumentException("unsupported multiaddr (only /p2p/<id> may follow /tcp/<port>): "
                    + address);
        }
        String kind = parts.get(0).protocol();
        boolean literal = kind.equals("ip4") || kind.equals("ip6");
        return new TcpEndpoint(address.host().get(), literal, address.port().get(),
                address.peerId().orElse(null));
    }

    public boolean isOnion() {
        return host.endsWith(".onion");
    }

    /** The address to connect to (unresolved for names: resolved by the dialer, or by the SOCKS5 proxy). */
    public InetSocketAddress socketAddress() {
        return literal ? new InetSocketAddress(host, port) : InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code /ip4|ip6/<addr>/tcp/<port>} for a socket address (IPv4-mapped IPv6 becomes ip4). */
    public static Multiaddr multiaddr(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved socket address " + address);
        }
        if (ip instanceof Inet6Address v6) {
            ip = unmapped(v6);
        }
        String text = ip instanceof Inet4Address ? "/ip4/" + ip.getHostAddress()
                : "/ip6/" + stripZone(ip.getHostAddress());
        return Multiaddr.parse(text + "/tcp/" + address.getPort());
    }

    /** The address with {@code /p2p/<peer>} appended (replacing one already there). */
    public static Multiaddr withPeer(Multiaddr address, PeerId peer) {
        return address.withoutPeerId().encapsulate(Multiaddr.parse("/p2p/" + peer));
    }

    private static String stripZone(String text) {
        int i = text.indexOf('%');
        return i < 0 ? text : text.substring(0, i);
    }

    private static InetAddress unmapped(Inet6Address v6) {
        byte[] a = v6.getAddress();
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return v6;
            }
        }
        if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return v6;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(a, 12, 16));
        } catch (UnknownHostException e) {
            return v6;
        }
    }
}
