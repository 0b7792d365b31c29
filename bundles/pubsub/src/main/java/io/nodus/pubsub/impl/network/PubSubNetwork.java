package io.nodus.pubsub.impl.network;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.PubSub;
import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.api.pubsub.TopicValidator;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.PeerConnection;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.pubsub.impl.message.MessageIds;
import io.nodus.pubsub.impl.message.MessageSigner;
import io.nodus.pubsub.impl.message.MessageValidator;
import io.nodus.pubsub.impl.message.SeenCache;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.router.FloodSubRouter;
import io.nodus.pubsub.impl.router.GossipSubRouter;
import io.nodus.pubsub.impl.router.PubSubRouter;

/**
 * The pubsub node on one host: our subscriptions, the peers we exchange RPCs with (one outbound stream per peer,
 * theirs inbound), message signing and validation, the seen cache, and the router (floodsub or gossipsub) with its
 * heartbeat. Usable without OSGi: register {@link #protocolHandler()} and {@link #connectionListener()} with the
 * host, then {@link #start()}.
 */
public final class PubSubNetwork implements PubSub, AutoCloseable {

    /** Longest topic id we subscribe to or publish on, in UTF-8 bytes. */
    public static final int MAX_TOPIC_BYTES = 1024;
    /** The first heartbeat comes this soon (go and js: 100 ms), so a mesh forms quickly after start. */
    static final long HEARTBEAT_INITIAL_DELAY_MS = 100;

    private static final System.Logger LOG = System.getLogger(PubSubNetwork.class.getName());

    private final Host host;
    private final PeerId self;
    private final MessageSigner signer;
    private final MessageValidator validator;
    private final TopicValidators validators = new TopicValidators();
    private final Object lock = new Object();
    private final PeerTable peers = new PeerTable();
    private final LocalSubscriptions local;
    private final InboundStreams inbound;
    private final ScheduledExecutorService timer;
    private final RouterView context;
    private final AtomicLong droppedRpcs = new AtomicLong();
    private final PeerLinks links;
    private final ProtocolHandler handler;
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void connected(PeerConnection connection) {
            peerConnected(connection.peer());
        }

        @Override
        public void disconnected(PeerId peer) {
            peerDisconnected(peer);
        }
    };
    private volatile PubSubSettings settings;
    private volatile SeenCache seen;
    private PubSubRouter router;
    private ScheduledFuture<?> heartbeat;
    private boolean closed;

    public PubSubNetwork(Host host, NodeIdentity identity, PubSubSettings settings) {
        this.host = Objects.requireNonNull(host, "host");
        this.self = identity.peerId();
        this.signer = new MessageSigner(identity);
        this.validator = new MessageValidator(identity::verify);
        this.settings = settings;
        this.seen = new SeenCache(settings.seenTtl(), settings.seenCapacity());
        this.local = new LocalSubscriptions(settings.deliveryQueueLength());
        this.inbound = new InboundStreams(this);
        this.handler = inbound::serve;
        this.context = new RouterView(peers, local, () -> seen, droppedRpcs);
        this.router = newRouter(settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodus-pubsub-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.links = new PeerLinks(host, self, lock, peers, () -> router, local, () -> this.settings, timer,
                () -> closed);
    }

    /** Starts the heartbeat and opens streams to the peers the host is connected to already. */
    public void start() {
        synchronized (lock) {
            scheduleHeartbeat();
        }
        for (PeerConnection c : host.connections()) {
            peerConnected(c.peer());
        }
    }

    /**
     * Applies new settings live: a changed router takes over the current peers and subscriptions (streams already
     * open keep their protocol), limits apply to what comes next.
     */
    public void reconfigure(PubSubSettings next) {
        synchronized (lock) {
            PubSubSettings previous = settings;
            settings = next;
            if (!previous.seenTtl().equals(next.seenTtl()) || previous.seenCapacity() != next.seenCapacity()) {
                seen = new SeenCache(next.seenTtl(), next.seenCapacity());
            }
            if (!previous.router().equals(next.router()) || !previous.gossip().equals(next.gossip())) {
                router = newRouter(next);
                for (PeerId p : peers.openPeers()) {
                    router.addPeer(p, peers.protocol(p));
                }
                local.topics().forEach(router::join);
                if (heartbeat != null) {
                    heartbeat.cancel(false);
                    scheduleHeartbeat();
                }
            }
        }
    }

    /** Protocol ids to serve and offer, most preferred first. */
    public List<String> protocols() {
        synchronized (lock) {
            return router.protocols();
        }
    }

    /** Serves inbound pubsub streams; register it for {@link #protocols()}. */
    public ProtocolHandler protocolHandler() {
        return handler;
    }

    /** Opens our stream to each peer that connects, forgets peers that disconnect. */
    public ConnectionListener connectionListener() {
        return listener;
    }

    public TopicValidators validators() {
        return validators;
    }

    @Override
    public void close() {
        List<PeerOutbox> outboxes;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            outboxes = new ArrayList<>(peers.outboxes());
        }
        timer.shutdownNow();
        outboxes.forEach(PeerOutbox::close);
        inbound.close();
        local.close();
    }

    // ---- PubSub ----

    @Override
    public Subscription subscribe(String topic, Consumer<PubSubMessage> receiver) {
        checkTopic(topic);
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("pubsub is stopped");
            }
            if (local.add(topic, receiver)) {
                announce(topic, true);
                router.join(topic);
            }
        }
        return new Subscription() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public void close() {
                synchronized (lock) {
                    if (local.remove(topic, receiver) && !closed) {
                        router.leave(topic);
                        announce(topic, false);
                    }
                }
            }
        };
    }

    @Override
    public void publish(String topic, byte[] data) {
        checkTopic(topic);
        Message m = signer.sign(topic, Objects.requireNonNull(data, "data"));
        int size = RPC.newBuilder().addPublish(m).build().getSerializedSize();
        if (size > settings.maxRpcBytes()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes makes an RPC of " + size
                    + " bytes, over the limit of " + settings.maxRpcBytes());
        }
        TopicValidator.Result verdict = validators.validate(self, toApi(m, self));
        if (verdict != TopicValidator.Result.ACCEPT) {
            throw new IllegalArgumentException("a topic validator of " + topic + " said " + verdict);
        }
        ByteString id = MessageIds.of(m);
        seen.add(id);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("pubsub is stopped");
            }
            router.route(m, id, null, self);
        }
    }

    @Override
    public List<PeerId> peers(String topic) {
        synchronized (lock) {
            return List.copyOf(peers.topicPeers(topic));
        }
    }

    @Override
    public List<PeerId> peers() {
        synchronized (lock) {
            return List.copyOf(peers.openPeers());
        }
    }

    @Override
    public List<String> topics() {
        return local.topics();
    }

    // ---- diagnostics ----

    /** The router's full-message peers of a topic (the gossipsub mesh). */
    public Set<PeerId> mesh(String topic) {
        synchronized (lock) {
            return router.mesh(topic);
        }
    }

    /** The protocol our stream to the peer negotiated, or null when none is open. */
    public String protocolOf(PeerId peer) {
        synchronized (lock) {
            return peers.protocol(peer);
        }
    }

    /** Topics a peer announced to us. */
    public Set<String> topicsOf(PeerId peer) {
        synchronized (lock) {
            return peers.topicsOf(peer);
        }
    }

    public PubSubRouter router() {
        synchronized (lock) {
            return router;
        }
    }

    public NetworkStats stats() {
        return new NetworkStats(inbound.rejectedStreams(), inbound.invalidMessages(), inbound.duplicates(),
                droppedRpcs.get(), local.delivered(), local.dropped());
    }

    // ---- peers ----

    void peerConnected(PeerId peer) {
        links.connected(peer);
    }

    void peerDisconnected(PeerId peer) {
        links.disconnected(peer);
        inbound.closeFrom(peer);
    }

    // ---- inbound RPCs (called by InboundStreams) ----

    PeerId self() {
        return self;
    }

    PubSubSettings settings() {
        return settings;
    }

    MessageValidator validator() {
        return validator;
    }

    SeenCache seen() {
        return seen;
    }

    /** A new inbound stream replaces the peer's previous one: what it announced before no longer holds. */
    void inboundStarted(PeerId peer) {
        synchronized (lock) {
            for (String t : peers.clearTopics(peer)) {
                router.peerLeft(peer, t);
            }
        }
        peerConnected(peer);
    }

    void subscriptions(PeerId peer, List<RPC.SubOpts> list) {
        synchronized (lock) {
            for (RPC.SubOpts s : list) {
                String topic = s.getTopicid();
                if (!s.hasTopicid() || topic.isEmpty()) {
                    continue;
                }
                if (s.getSubscribe()) {
                    peers.subscribe(peer, topic);
                } else if (peers.unsubscribe(peer, topic)) {
                    router.peerLeft(peer, topic);
                }
            }
        }
    }

    boolean subscribed(String topic) {
        return local.subscribed(topic);
    }

    /** A valid message the seen cache had not seen: forward it and hand it to our receivers. */
    void accepted(PeerId source, Message m, ByteString id, PeerId origin) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            router.route(m, id, source, origin);
        }
        local.deliver(toApi(m, origin));
    }

    void control(PeerId peer, ControlMessage control) {
        synchronized (lock) {
            if (!closed) {
                router.control(peer, control);
            }
        }
    }

    TopicValidator.Result validate(PeerId source, Message m, PeerId origin) {
        return validators.validate(source, toApi(m, origin));
    }

    // ---- helpers ----

    static PubSubMessage toApi(Message m, PeerId origin) {
        return new PubSubMessage(m.getTopic(), origin, ByteBuffer.wrap(m.getSeqno().toByteArray()).getLong(),
                m.getData().toByteArray());
    }

    private PubSubRouter newRouter(PubSubSettings s) {
        return PubSubSettings.FLOODSUB.equals(s.router()) ? new FloodSubRouter(context)
                : new GossipSubRouter(context, s.gossip(), System::nanoTime);
    }

    private void scheduleHeartbeat() {
        long ms = settings.gossip().heartbeat().toMillis();
        long first = Math.min(ms, HEARTBEAT_INITIAL_DELAY_MS);
        heartbeat = timer.scheduleWithFixedDelay(this::beat, first, ms, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        synchronized (lock) {
            try {
                if (!closed) {
                    router.heartbeat();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "pubsub heartbeat failed", e);
            }
        }
    }

    /** Under the lock: tells every peer we (un)subscribed. */
    private void announce(String topic, boolean subscribe) {
        RPC rpc = RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(subscribe).setTopicid(topic)).build();
        for (PeerId p : peers.openPeers()) {
            context.send(p, rpc);
        }
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic longer than " + MAX_TOPIC_BYTES + " bytes");
        }
    }
}
