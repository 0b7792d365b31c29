package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nodus.api.transport.Multiaddr;

/**
 * The configured listen addresses and what each is bound to. Wildcard binds ({@code 0.0.0.0}, {@code ::}) are
 * reported as the matching addresses of every interface that is up, since a wildcard cannot be dialed.
 */
final class ListenAddresses {

    private static final System.Logger LOG = System.getLogger(ListenAddresses.class.getName());

    private final TcpTransport transport;
    private final Map<String, Multiaddr> bound = new LinkedHashMap<>();

    ListenAddresses(TcpTransport transport) {
        this.transport = transport;
    }

    /**
     * Binds addresses newly configured and closes those no longer configured.
     *
     * @return true when the set of bound addresses changed
     * @throws IOException when addresses are configured but none could be bound
     */
    synchronized boolean apply(List<String> configured) throws IOException {
        boolean changed = false;
        for (var it = bound.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!configured.contains(e.getKey())) {
                transport.unlisten(e.getValue());
                it.remove();
                changed = true;
            }
        }
        IOException failure = null;
        for (String text : configured) {
            if (text == null || text.isBlank() || bound.containsKey(text)) {
                continue;
            }
            try {
                bound.put(text, transport.listen(Multiaddr.parse(text.trim())));
                changed = true;
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "cannot listen on {0}: {1}", text, e.getMessage());
                failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        if (bound.isEmpty() && failure != null) {
            throw failure;
        }
        return changed;
    }

    /** Dialable addresses: bound addresses, wildcards expanded to interface addresses. */
    synchronized List<Multiaddr> dialable() {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr m : bound.values()) {
            TcpEndpoint ep = TcpEndpoint.of(m);
            InetAddress ip = new InetSocketAddress(ep.host(), ep.port()).getAddress();
            if (ip != null && ip.isAnyLocalAddress()) {
                for (InetAddress a : interfaceAddresses(ip instanceof Inet6Address)) {
                    Multiaddr expanded = TcpEndpoint.multiaddr(new InetSocketAddress(a, ep.port()));
                    if (!out.contains(expanded)) {
                        out.add(expanded);
                    }
                }
            } else if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<InetAddress> interfaceAddresses(boolean v6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    boolean family = v6 ? a instanceof Inet6Address : a instanceof Inet4Address;
                    if (family && !a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "cannot list network interfaces: {0}", e.getMessage());
        }
        return out;
    }
}
