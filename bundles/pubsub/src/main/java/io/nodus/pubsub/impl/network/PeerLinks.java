package io.nodus.pubsub.impl.network;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.router.PubSubRouter;
import io.nodus.pubsub.impl.wire.RpcFrames;

/**
 * Our outbound streams, one per peer (gossipsub v1.0 "Ambient Peer Discovery": a newly connected peer that speaks
 * pubsub gets our subscriptions in a hello RPC). A stream that never opens means the peer does not speak pubsub;
 * one that fails later is reopened while the peer stays connected (as go-libp2p-pubsub respawns its writer), after
 * a backoff that grows while reopened streams keep failing soon. State changes happen under the network's lock.
 */
final class PeerLinks {

    /** First delay before reopening a failed stream to a connected peer; doubles per quick failure. */
    static final long REOPEN_BASE_MS = 500;
    static final long REOPEN_MAX_MS = 60_000;
    /** A stream that lived this long before failing counts as a fresh start for the backoff. */
    static final long STABLE_STREAM_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final System.Logger LOG = System.getLogger(PeerLinks.class.getName());

    private final Host host;
    private final PeerId self;
    private final Object lock;
    private final PeerTable peers;
    private final Supplier<PubSubRouter> router;
    private final LocalSubscriptions local;
    private final Supplier<PubSubSettings> settings;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closed;
    private final Map<PeerId, Integer> reopenAttempts = new HashMap<>();

    PeerLinks(Host host, PeerId self, Object lock, PeerTable peers, Supplier<PubSubRouter> router,
            LocalSubscriptions local, Supplier<PubSubSettings> settings, ScheduledExecutorService timer,
            BooleanSupplier closed) {
        this.host = host;
        this.self = self;
        this.lock = lock;
        this.peers = peers;
        this.router = router;
        this.local = local;
        this.settings = settings;
        this.timer = timer;
        this.closed = closed;
    }

    /** Opens our stream to the peer unless one is open or opening. */
    void connected(PeerId peer) {
        PeerOutbox outbox;
        List<String> offer;
        synchronized (lock) {
            if (closed.getAsBoolean() || peer.equals(self) || peers.outbox(peer) != null) {
                return;
            }
            outbox = new PeerOutbox(peer, settings.get().outboundQueueLength());
            peers.putOutbox(peer, outbox);
            offer = router.get().protocols();
        }
        outbox.start(host, offer, new PeerOutbox.Events() {
            @Override
            public boolean opened(PeerOutbox o, String protocol) {
                return PeerLinks.this.opened(o, protocol);
            }

            @Override
            public void failed(PeerOutbox o, Exception cause, boolean wasOpen) {
                PeerLinks.this.failed(o, cause, wasOpen);
            }
        });
    }

    /** The peer left: it leaves every table and the router. */
    void disconnected(PeerId peer) {
        PeerOutbox outbox;
        synchronized (lock) {
            reopenAttempts.remove(peer);
            outbox = peers.remove(peer);
            router.get().removePeer(peer);
        }
        if (outbox != null) {
            outbox.close();
        }
    }

    private boolean opened(PeerOutbox outbox, String protocol) {
        synchronized (lock) {
            if (closed.getAsBoolean() || peers.outbox(outbox.peer()) != outbox) {
                return false;
            }
            List<String> topics = local.topics();
            if (!topics.isEmpty()) {
                RPC.Builder hello = RPC.newBuilder();
                topics.forEach(t -> hello.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true)
                        .setTopicid(t)));
                outbox.offer(RpcFrames.frame(hello.build().toByteArray()));
            }
            peers.opened(outbox.peer(), protocol);
            router.get().addPeer(outbox.peer(), protocol);
            LOG.log(Level.DEBUG, "pubsub stream to {0} open ({1})", outbox.peer(), protocol);
            return true;
        }
    }

    private void failed(PeerOutbox outbox, Exception cause, boolean wasOpen) {
        PeerId peer = outbox.peer();
        long delay = -1;
        synchronized (lock) {
            if (wasOpen && peers.closeOutbox(outbox)) {
                LOG.log(Level.DEBUG, "pubsub stream to {0} failed: {1}", peer, cause.getMessage());
                router.get().removePeer(peer);
                int attempts = outbox.openNanos() > STABLE_STREAM_NANOS ? 1
                        : reopenAttempts.merge(peer, 1, Integer::sum);
                reopenAttempts.put(peer, attempts);
                delay = closed.getAsBoolean() ? -1
                        : Math.min(REOPEN_MAX_MS, REOPEN_BASE_MS << Math.min(attempts - 1, 16));
            } else if (!wasOpen && peers.dropOutbox(outbox)) {
                LOG.log(Level.DEBUG, "{0} is not a pubsub peer: {1}", peer, cause.getMessage());
            }
        }
        outbox.close();
        if (delay >= 0 && host.connections().stream().anyMatch(c -> c.peer().equals(peer))) {
            try {
                timer.schedule(() -> connected(peer), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }
}
