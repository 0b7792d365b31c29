package io.nodus.transport.impl.host;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.nodus.api.identity.PeerId;

/**
 * The live connections by peer, with the limits of the connections spec ("Connection Limits"): at most
 * {@code maxConnections}; a new connection beyond that closes the connection idle the longest (no streams, not to
 * a protected peer) or is refused when none is idle. Connections idle past the idle timeout are closed by
 * {@link #pruneIdle}.
 */
final class ConnectionPool {

    private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());

    private final Map<PeerId, List<Connection>> byPeer = new HashMap<>();
    private final Predicate<PeerId> isProtected;
    private int size;
    private volatile int maxConnections;
    private volatile Duration idleTimeout;

    ConnectionPool(int maxConnections, Duration idleTimeout, Predicate<PeerId> isProtected) {
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.isProtected = isProtected;
    }

    void limits(int maxConnections, Duration idleTimeout) {
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
    }

    /** @return false when the limit is reached and no idle connection can make room (the caller closes it) */
    boolean add(Connection c) {
        Connection victim = null;
        synchronized (this) {
            if (size >= maxConnections) {
                victim = longestIdle();
                if (victim == null) {
                    return false;
                }
                removeLocked(victim);
            }
            byPeer.computeIfAbsent(c.peer(), p -> new ArrayList<>(1)).add(c);
            size++;
        }
        if (victim != null) {
            LOG.log(Level.INFO, "connection limit {0} reached: closing idle {1}", maxConnections, victim);
            victim.close();
        }
        return true;
    }

    synchronized boolean remove(Connection c) {
        return removeLocked(c);
    }

    /** The oldest usable connection to the peer, or null. */
    synchronized Connection get(PeerId peer) {
        List<Connection> list = byPeer.get(peer);
        if (list != null) {
            for (Connection c : list) {
                if (c.isUsable()) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Every registered connection to the peer. */
    synchronized List<Connection> all(PeerId peer) {
        List<Connection> list = byPeer.get(peer);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** True when another announced connection to the peer is still registered. */
    synchronized boolean hasAnnounced(PeerId peer) {
        List<Connection> list = byPeer.get(peer);
        return list != null && list.stream().anyMatch(Connection::isAnnounced);
    }

    synchronized boolean isConnected(PeerId peer) {
        return byPeer.containsKey(peer);
    }

    synchronized List<Connection> all() {
        List<Connection> out = new ArrayList<>(size);
        byPeer.values().forEach(out::addAll);
        return out;
    }

    synchronized int size() {
        return size;
    }

    /** Closes connections without streams for longer than the idle timeout (0 disables pruning). */
    void pruneIdle() {
        Duration timeout = idleTimeout;
        if (timeout.isZero()) {
            return;
        }
        for (Connection c : all()) {
            if (c.idleNanos() > timeout.toNanos() && !isProtected.test(c.peer())) {
                LOG.log(Level.DEBUG, "closing idle {0}", c);
                c.close();
            }
        }
    }

    private Connection longestIdle() {
        Connection best = null;
        long bestIdle = -1;
        for (List<Connection> list : byPeer.values()) {
            for (Connection c : list) {
                if (c.openStreams() == 0 && !isProtected.test(c.peer())) {
                    long idle = c.idleNanos();
                    if (idle > bestIdle) {
                        best = c;
                        bestIdle = idle;
                    }
                }
            }
        }
        return best;
    }

    private boolean removeLocked(Connection c) {
        List<Connection> list = byPeer.get(c.peer());
        if (list == null || !list.remove(c)) {
            return false;
        }
        if (list.isEmpty()) {
            byPeer.remove(c.peer());
        }
        size--;
        return true;
    }
}
