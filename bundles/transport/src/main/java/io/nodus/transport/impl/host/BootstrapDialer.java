package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * ±{@link #JITTER} jitter so restarted nodes do not redial in lockstep.
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

    private final class Target {
        final Multiaddr address;
        final PeerId peer;
        int failures;
        ScheduledFuture<?> next;
        boolean dialing;

        Target(Multiaddr address, PeerId peer) {
            this.address = address;
            this.peer = peer;
        }
    }

    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final Dial dial;
    private final Predicate<PeerId> connected;
    private final Map<PeerId, Target> targets = new HashMap<>();
    private boolean closed;

    BootstrapDialer(ScheduledExecutorService timer, Executor workers, Dial dial, Predicate<PeerId> connected) {
        this.timer = timer;
        this.workers = workers;
        this.dial = dial;
        this.connected = connected;
    }

    /** Replaces the bootstrap set: new peers are dialed now, dropped ones are no longer redialed. */
    synchronized void setTargets(List<Multiaddr> addresses) {
        Map<PeerId, Multiaddr> wanted = new HashMap<>();
        for (Multiaddr a : addresses) {
            if (a.peerId().isEmpty()) {
                LOG.log(Level.WARNING, "ignoring bootstrap address without /p2p/<peer id>: {0}", a);
            } else {
                wanted.put(a.peerId().get(), a);
            }
        }
        for (var it = targets.values().iterator(); it.hasNext();) {
            Target t = it.next();
            if (!t.address.equals(wanted.get(t.peer))) {
                cancel(t);
                it.remove();
            }
        }
        wanted.forEach((peer, address) -> {
            if (!targets.containsKey(peer)) {
                Target t = new Target(address, peer);
                targets.put(peer, t);
                schedule(t, 0);
            }
        });
    }

    synchronized boolean isBootstrap(PeerId peer) {
        return targets.containsKey(peer);
    }

    /** The peer's last connection closed: redial if it is a bootstrap peer. */
    synchronized void disconnected(PeerId peer) {
        Target t = targets.get(peer);
        if (t != null && !t.dialing && (t.next == null || t.next.isDone())) {
            schedule(t, delay(t.failures));
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
            if (closed || targets.get(t.peer) != t) {
                return;
            }
            t.dialing = true;
        }
        try {
            workers.execute(() -> attempt(t));
        } catch (RejectedExecutionException e) {
            finish(t, false);
        }
    }

    private void attempt(Target t) {
        boolean ok = false;
        try {
            dial.dial(t.address);
            ok = true;
            LOG.log(Level.INFO, "connected to bootstrap peer {0}", t.address);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "bootstrap dial {0} failed (attempt {1}): {2}", t.address, t.failures + 1,
                    e.getMessage());
        }
        finish(t, ok);
    }

    private synchronized void finish(Target t, boolean ok) {
        t.dialing = false;
        if (ok) {
            t.failures = 0;
            if (!connected.test(t.peer)) {
                schedule(t, delay(0)); // the connection closed while we were finishing the dial
            }
        } else if (targets.get(t.peer) == t) {
            schedule(t, delay(t.failures++));
        }
    }

    private void cancel(Target t) {
        if (t.next != null) {
            t.next.cancel(false);
        }
    }
}
