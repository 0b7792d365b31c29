package io.nodus.transport.impl.host;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.nodus.api.identity.PeerId;
import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyRefusedException;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.transport.Multiaddr;

/**
 * Outbound connections: reuses a live connection to the peer, joins a dial to the same peer already under way
 * (so concurrent callers share one connection), and asks the {@link OutboundRouter}, when there is one, how each
 * connection leaves the node (direct, SOCKS5, Tor, or refused before any packet is sent).
 */
final class PeerDialer {

    private final PeerId self;
    private final Peerstore peerstore;
    private final Supplier<OutboundRouter> router;
    private final Map<PeerId, CompletableFuture<PeerId>> pending = new ConcurrentHashMap<>();

    PeerDialer(PeerId self, Peerstore peerstore, Supplier<OutboundRouter> router) {
        this.self = self;
        this.peerstore = peerstore;
        this.router = router;
    }

    PeerId connect(HostNetwork n, Multiaddr address) throws IOException {
        TcpEndpoint ep = TcpEndpoint.of(address);
        if (ep.peer() == null) {
            return dial(n, ep, address);
        }
        if (ep.peer().equals(self)) {
            throw new IOException("refusing to dial ourselves (" + address + ")");
        }
        if (n.pool().get(ep.peer()) != null) {
            return ep.peer();
        }
        CompletableFuture<PeerId> mine = new CompletableFuture<>();
        CompletableFuture<PeerId> existing = pending.putIfAbsent(ep.peer(), mine);
        if (existing != null) {
            return await(existing, n.dialTimeout().multipliedBy(2), address);
        }
        try {
            PeerId peer = dial(n, ep, address);
            mine.complete(peer);
            return peer;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            pending.remove(ep.peer(), mine);
        }
    }

    /** A usable connection to the peer: an existing one, or a dial of the addresses we know for it. */
    Connection connectionTo(HostNetwork n, PeerId peer) throws IOException {
        Connection c = n.pool().get(peer);
        if (c != null) {
            return c;
        }
        List<Multiaddr> addrs = peerstore.addrs(peer);
        if (addrs.isEmpty()) {
            throw new IOException("not connected to " + peer + " and no known address");
        }
        IOException last = null;
        for (Multiaddr a : addrs) {
            try {
                connect(n, TcpEndpoint.withPeer(a, peer));
                c = n.pool().get(peer);
                if (c != null) {
                    return c;
                }
            } catch (IOException | IllegalArgumentException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        throw new IOException("cannot reach " + peer + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private PeerId dial(HostNetwork n, TcpEndpoint ep, Multiaddr address) throws IOException {
        ProxyRoute route = route(address);
        if (route.isRefused()) {
            throw new ProxyRefusedException(route, address.toString());
        }
        Duration timeout = n.dialTimeout();
        Connection c = await(n.transport().dial(ep, address, route, timeout), timeout.multipliedBy(2), address);
        peerstore.addAddrs(c.peer(), List.of(address));
        return c.peer();
    }

    private ProxyRoute route(Multiaddr address) throws IOException {
        OutboundRouter r = router.get();
        if (r == null) {
            return ProxyRoute.direct();
        }
        try {
            return r.route(address.withoutPeerId());
        } catch (RuntimeException e) {
            throw new IOException("outbound routing policy failed for " + address + ": " + e.getMessage(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout, Multiaddr address) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IOException("dial " + address + " timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while dialing " + address);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProxyRefusedException refused) {
                throw refused;
            }
            throw new IOException("dial " + address + ": " + cause.getMessage(), cause);
        }
    }
}
