package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;

/**
 * Keeps us connected to the configured bootstrap peers: dials each at start, and again after a failed dial or a
 * disconnect, waiting {@link #BASE_DELAY_MS} doubled per consecutive failure up to {@link #MAX_DELAY_MS}, with
 * ±{@link #JITTER} jitter so restarted nodes do not redial in lockstep. An address may leave out
 * {@code /p2p/<id>} (e.g. {@code /ip4/172.30.0.10/tcp/4001}): it is dialed all the same, and the peer it reaches,
 * authenticated by the Noise handshake, is what a disconnect is matched against until the next dial.
 */
final class BootstrapDialer implements AutoCloseable {

    static final long BASE_DELAY_MS = 1_000;
    static final long MAX_DELAY_MS = 5 * 60_000;
    static final double JITTER = 0.2;

    private static final System.Logger LOG = System.getLogger(BootstrapDialer.class.getName());

    /** Dials an address; returns the verified peer. */
    interface Dial {
        PeerId dial(Multiaddr address) throws IOException;
    }

    private static final class Target {
        final Multiaddr address;
        /** From {@code /p2p/<id>}, or learnt from the last successful dial; null before it. */
        PeerId peer;
        int failures;
        ScheduledFuture<?> next;
        boolean dialing;

        Target(Multiaddr address) {
            this.address = address;
            this.peer = address.peerId().orElse(null);
        }
    }

    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final Dial dial;
    private final Predicate<PeerId> connected;
    private final PeerId self;
    /** Keyed by the configured address: with /p2p/ one per peer (the last listed wins), without one per address. */
    private final Map<Multiaddr, Target> targets = new HashMap<>();
    private boolean closed;

    BootstrapDialer(ScheduledExecutorService timer, Executor workers, Dial dial, Predicate<PeerId> connected,
            PeerId self) {
        this.timer = timer;
        this.workers = workers;
        this.dial = dial;
        this.connected = connected;
        this.self = self;
    }

    /** Replaces the bootstrap set: new addresses are dialed now, dropped ones are no longer redialed. */
    synchronized void setTargets(List<Multiaddr> addresses) {
        Map<PeerId, Multiaddr> byPeer = new LinkedHashMap<>();
        Set<Multiaddr> wanted = new LinkedHashSet<>();
        for (Multiaddr a : addresses) {
            Optional<PeerId> peer = a.peerId();
            if (peer.isPresent() && peer.get().equals(self)) {
                continue; // the same bootstrap list is handed to every node, the bootstrap node included
            }
            if (peer.isPresent()) {
                byPeer.put(peer.get(), a);
            } else {
                wanted.add(a);
            }
        }
        wanted.addAll(byPeer.values());
        for (var it = targets.values().iterator(); it.hasNext();) {
            Target t = it.next();
            if (!wanted.contains(t.address)) {
                cancel(t);
                it.remove();
            }
        }
        for (Multiaddr address : wanted) {
            if (!targets.containsKey(address)) {
                Target t = new Target(address);
                targets.put(address, t);
                schedule(t, 0);
            }
        }
    }

    synchronized boolean isBootstrap(PeerId peer) {
        return targets.values().stream().anyMatch(t -> peer.equals(t.peer));
    }

    /** The peer's last connection closed: redial the bootstrap addresses that reached it. */
    synchronized void disconnected(PeerId peer) {
        for (Target t : targets.values()) {
            if (peer.equals(t.peer) && !t.dialing && (t.next == null || t.next.isDone())) {
                schedule(t, delay(t.failures));
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        targets.values().forEach(this::cancel);
        targets.clear();
    }

    /** Backoff before the next attempt after {@code failures} consecutive failures (0: first retry after 1 s). */
    static long delay(int failures) {
        long base = BASE_DELAY_MS << Math.min(failures, 20);
        long capped = Math.min(MAX_DELAY_MS, base);
        double jitter = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(capped * jitter));
    }

    private void schedule(Target t, long delayMs) {
        if (closed) {
            return;
        }
        t.next = timer.schedule(() -> start(t), delayMs, TimeUnit.MILLISECONDS);
    }

    private void start(Target t) {
        synchronized (this) {
            if (closed || targets.get(t.address) != t) {
                return;
            }
            t.dialing = true;
        }
        try {
            workers.execute(() -> attempt(t));
        } catch (RejectedExecutionException e) {
            finish(t, null);
        }
    }

    private void attempt(Target t) {
        PeerId reached = null;
        try {
            reached = dial.dial(t.address);
            LOG.log(Level.INFO, "connected to bootstrap peer {0} at {1}", reached, t.address);
        } catch (IOException e) {
            if (SelfConnectionException.in(e)) {
                LOG.log(Level.INFO, "bootstrap address {0} is our own: not dialed again", t.address);
                dropped(t);
                return;
            }
            LOG.log(Level.INFO, "bootstrap dial {0} failed (attempt {1}): {2}", t.address, t.failures + 1,
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "bootstrap dial {0} failed (attempt {1}): {2}", t.address, t.failures + 1,
                    e.getMessage());
        }
        finish(t, reached);
    }

    private synchronized void finish(Target t, PeerId reached) {
        t.dialing = false;
        if (targets.get(t.address) != t) {
            return;
        }
        if (reached != null) {
            t.failures = 0;
            t.peer = reached;
            if (!connected.test(reached)) {
                schedule(t, delay(0)); // the connection closed while we were finishing the dial
            }
        } else {
            schedule(t, delay(t.failures++));
        }
    }

    /** Keeps the target (so a reconfiguration does not dial it anew) but never schedules it again. */
    private synchronized void dropped(Target t) {
        t.dialing = false;
        t.peer = null; // no disconnect matches it, so it is not redialed
    }

    private void cancel(Target t) {
        if (t.next != null) {
            t.next.cancel(false);
        }
    }
}
