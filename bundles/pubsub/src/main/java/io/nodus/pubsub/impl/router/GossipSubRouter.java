package io.nodus.pubsub.impl.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.ControlGraft;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIHave;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIWant;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.ControlPrune;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/**
 * gossipsub v1.1 without peer scoring: topic meshes kept between {@code D_lo} and {@code D_hi} by GRAFT/PRUNE with
 * backoff, fanout for topics we publish to without subscribing, IHAVE/IWANT gossip from the {@link MessageCache}
 * to a gossip-factor share of the non-mesh peers, and flood publishing of our own messages. floodsub peers get
 * every message of their topics, as v1.0 "Message Processing" asks. Not implemented: scoring, peer exchange
 * (received PX is ignored, ours is empty), outbound mesh quotas ({@code D_out}), explicit peers.
 */
public final class GossipSubRouter implements PubSubRouter {

    public static final String MESHSUB_V11 = "/meshsub/1.1.0";
    public static final String MESHSUB_V10 = "/meshsub/1.0.0";
    /** v1.1 "Spam Protection Measures": ids we ask one peer for per heartbeat (go and js: 5000). */
    static final int MAX_IHAVE_LENGTH = 5000;
    /** IHAVE messages we act on from one peer per heartbeat (go and js: 10). */
    static final int MAX_IHAVE_MESSAGES = 10;
    /** Times one peer gets one message by IWANT (go and js: 3). */
    static final int GOSSIP_RETRANSMISSION = 3;
    /** A PRUNE's backoff is capped here, so a peer cannot shut us out for good. */
    static final long MAX_BACKOFF_SECONDS = 3600;

    private final RouterContext context;
    private final GossipParams params;
    private final LongSupplier clock;
    private final Random random = new Random();
    private final MessageCache mcache;
    private final Backoffs backoffs = new Backoffs();
    private final Map<String, Set<PeerId>> mesh = new HashMap<>();
    private final Map<String, Set<PeerId>> fanout = new HashMap<>();
    private final Map<String, Long> lastPublished = new HashMap<>();
    private final Map<PeerId, Integer> ihavesReceived = new HashMap<>();
    private final Map<PeerId, Integer> idsAsked = new HashMap<>();
    private long grafts;
    private long prunes;
    private long ihaves;
    private long iwants;
    private long iwantServed;

    public GossipSubRouter(RouterContext context, GossipParams params, LongSupplier nanoClock) {
        this.context = context;
        this.params = params;
        this.clock = nanoClock;
        this.mcache = new MessageCache(params.mcacheLength(), params.mcacheGossip());
    }

    @Override
    public List<String> protocols() {
        return List.of(MESHSUB_V11, MESHSUB_V10, FloodSubRouter.PROTOCOL);
    }

    @Override
    public void addPeer(PeerId peer, String protocol) {
        // meshes are grafted at join and heartbeat, once the peer announced its topics
    }

    @Override
    public void removePeer(PeerId peer) {
        mesh.values().forEach(m -> m.remove(peer));
        fanout.values().forEach(f -> f.remove(peer));
        ihavesReceived.remove(peer);
        idsAsked.remove(peer);
    }

    @Override
    public void peerLeft(PeerId peer, String topic) {
        Set<PeerId> m = mesh.get(topic);
        if (m != null) {
            m.remove(peer);
        }
        Set<PeerId> f = fanout.get(topic);
        if (f != null) {
            f.remove(peer);
        }
    }

    // ---- v1.0 "Topic Membership" ----

    @Override
    public void join(String topic) {
        if (mesh.containsKey(topic)) {
            return;
        }
        long now = clock.getAsLong();
        Set<PeerId> m = new LinkedHashSet<>();
        Set<PeerId> f = fanout.remove(topic);
        lastPublished.remove(topic);
        if (f != null) {
            for (PeerId p : f) {
                if (m.size() < params.d() && graftable(topic, p, now)) {
                    m.add(p);
                }
            }
        }
        m.addAll(pick(graftCandidates(topic, m, now), params.d() - m.size()));
        mesh.put(topic, m);
        ControlBatch batch = new ControlBatch();
        m.forEach(p -> graft(batch, p, topic));
        batch.flush(context);
    }

    @Override
    public void leave(String topic) {
        Set<PeerId> m = mesh.remove(topic);
        if (m == null) {
            return;
        }
        long now = clock.getAsLong();
        ControlBatch batch = new ControlBatch();
        for (PeerId p : m) {
            prune(batch, p, topic, params.unsubscribeBackoff(), now);
        }
        batch.flush(context);
    }

    // ---- v1.0 "Message Processing", v1.1 "Flood Publishing" ----

    @Override
    public void route(Message message, ByteString id, PeerId source, PeerId origin) {
        mcache.put(id, message);
        String topic = message.getTopic();
        Set<PeerId> topicPeers = context.topicPeers(topic);
        Set<PeerId> targets = new LinkedHashSet<>();
        if (source == null && params.floodPublish()) {
            targets.addAll(topicPeers);
        } else {
            for (PeerId p : topicPeers) {
                if (FloodSubRouter.PROTOCOL.equals(context.protocol(p))) {
                    targets.add(p);
                }
            }
            Set<PeerId> m = mesh.get(topic);
            if (m != null) {
                targets.addAll(m);
            } else if (source == null) {
                Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
                if (f.isEmpty()) {
                    f.addAll(pick(gossipPeers(topic, Set.of()), params.d()));
                }
                targets.addAll(f);
            }
        }
        if (source == null && !mesh.containsKey(topic) && !params.floodPublish()) {
            lastPublished.put(topic, clock.getAsLong());
        }
        targets.remove(source);
        targets.remove(origin);
        RPC rpc = RPC.newBuilder().addPublish(message).build();
        targets.forEach(p -> context.send(p, rpc));
    }

    // ---- v1.0 "Control Messages" ----

    @Override
    public void control(PeerId from, ControlMessage control) {
        if (!isGossipPeer(from)) {
            return; // control makes sense only on a meshsub link
        }
        long now = clock.getAsLong();
        ControlBatch batch = new ControlBatch();
        handleIHave(from, control.getIhaveList(), batch);
        handleIWant(from, control.getIwantList());
        for (ControlGraft g : control.getGraftList()) {
            handleGraft(from, g.getTopicID(), batch, now);
        }
        for (ControlPrune p : control.getPruneList()) {
            handlePrune(from, p, now);
        }
        batch.flush(context);
    }

    private void handleGraft(PeerId from, String topic, ControlBatch batch, long now) {
        Set<PeerId> m = mesh.get(topic);
        if (m == null || m.contains(from)) {
            return; // v1.1: GRAFTs for topics we are not in are ignored, not answered
        }
        if (backoffs.active(topic, from, now) || m.size() >= params.dHi()) {
            prune(batch, from, topic, params.pruneBackoff(), now);
            return;
        }
        m.add(from);
    }

    private void handlePrune(PeerId from, ControlPrune prune, long now) {
        String topic = prune.getTopicID();
        Set<PeerId> m = mesh.get(topic);
        if (m == null) {
            return;
        }
        m.remove(from);
        long seconds = prune.hasBackoff() ? prune.getBackoff() : params.pruneBackoff().toSeconds();
        if (seconds < 0 || seconds > MAX_BACKOFF_SECONDS) {
            seconds = MAX_BACKOFF_SECONDS;
        }
        // one heartbeat of slack, so our next GRAFT comes after the pruning peer cleared its backoff
        backoffs.add(topic, from, Duration.ofSeconds(seconds).plus(params.heartbeat()), now);
    }

    private void handleIHave(PeerId from, List<ControlIHave> list, ControlBatch batch) {
        if (list.isEmpty() || ihavesReceived.merge(from, 1, Integer::sum) > MAX_IHAVE_MESSAGES) {
            return;
        }
        int quota = MAX_IHAVE_LENGTH - idsAsked.getOrDefault(from, 0);
        Set<ByteString> wanted = new LinkedHashSet<>();
        for (ControlIHave ih : list) {
            if (!mesh.containsKey(ih.getTopicID())) {
                continue;
            }
            for (ByteString id : ih.getMessageIDsList()) {
                if (!context.seen(id) && !mcache.contains(id)) {
                    wanted.add(id);
                }
            }
        }
        if (wanted.isEmpty() || quota <= 0) {
            return;
        }
        List<ByteString> ask = pick(wanted, quota);
        idsAsked.merge(from, ask.size(), Integer::sum);
        batch.iwant(from, ask);
        iwants++;
    }

    private void handleIWant(PeerId from, List<ControlIWant> list) {
        for (ControlIWant iw : list) {
            for (ByteString id : iw.getMessageIDsList()) {
                Message m = mcache.getForPeer(id, from, GOSSIP_RETRANSMISSION);
                if (m != null) {
                    context.send(from, RPC.newBuilder().addPublish(m).build());
                    iwantServed++;
                }
            }
        }
    }

    // ---- v1.0 "Heartbeat" ----

    @Override
    public void heartbeat() {
        long now = clock.getAsLong();
        ihavesReceived.clear();
        idsAsked.clear();
        backoffs.expire(now);
        ControlBatch batch = new ControlBatch();
        maintainMeshes(batch, now);
        maintainFanout(now);
        emitGossip(batch);
        batch.flush(context);
        mcache.shift();
    }

    private void maintainMeshes(ControlBatch batch, long now) {
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            String topic = e.getKey();
            Set<PeerId> m = e.getValue();
            Set<PeerId> topicPeers = context.topicPeers(topic);
            m.removeIf(p -> !topicPeers.contains(p));
            if (m.size() < params.dLo()) {
                for (PeerId p : pick(graftCandidates(topic, m, now), params.d() - m.size())) {
                    m.add(p);
                    graft(batch, p, topic);
                }
            }
            if (m.size() > params.dHi()) {
                List<PeerId> shuffled = new ArrayList<>(m);
                Collections.shuffle(shuffled, random);
                for (PeerId p : shuffled.subList(params.d(), shuffled.size())) {
                    m.remove(p);
                    prune(batch, p, topic, params.pruneBackoff(), now);
                }
            }
        }
    }

    private void maintainFanout(long now) {
        for (var it = fanout.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            Long last = lastPublished.get(e.getKey());
            if (last == null || now - last > params.fanoutTtl().toNanos()) {
                it.remove();
                lastPublished.remove(e.getKey());
                continue;
            }
            Set<PeerId> f = e.getValue();
            Set<PeerId> topicPeers = context.topicPeers(e.getKey());
            f.removeIf(p -> !topicPeers.contains(p));
            if (f.size() < params.d()) {
                f.addAll(pick(gossipPeers(e.getKey(), f), params.d() - f.size()));
            }
        }
    }

    /** v1.1 "Adaptive Gossip Dissemination": IHAVE to max(D_lazy, factor x candidates) non-mesh peers. */
    private void emitGossip(ControlBatch batch) {
        Set<String> topics = new LinkedHashSet<>(mesh.keySet());
        topics.addAll(fanout.keySet());
        for (String topic : topics) {
            List<ByteString> ids = mcache.gossipIds(topic);
            if (ids.isEmpty()) {
                continue;
            }
            if (ids.size() > MAX_IHAVE_LENGTH) {
                ids = pick(ids, MAX_IHAVE_LENGTH);
            }
            Set<PeerId> exclude = new LinkedHashSet<>(mesh.getOrDefault(topic, Set.of()));
            exclude.addAll(fanout.getOrDefault(topic, Set.of()));
            List<PeerId> candidates = gossipPeers(topic, exclude);
            int target = Math.max(params.dLazy(), (int) (params.gossipFactor() * candidates.size()));
            for (PeerId p : pick(candidates, target)) {
                batch.ihave(p, topic, ids);
                ihaves++;
            }
        }
    }

    // ---- helpers ----

    @Override
    public Set<PeerId> mesh(String topic) {
        Set<PeerId> m = mesh.get(topic);
        return m == null ? Set.of() : Set.copyOf(m);
    }

    /** Peers in our fanout for a topic we publish to without subscribing. */
    public Set<PeerId> fanout(String topic) {
        Set<PeerId> f = fanout.get(topic);
        return f == null ? Set.of() : Set.copyOf(f);
    }

    public GossipStats stats() {
        return new GossipStats(grafts, prunes, ihaves, iwants, iwantServed);
    }

    private void graft(ControlBatch batch, PeerId peer, String topic) {
        batch.graft(peer, topic);
        grafts++;
    }

    private void prune(ControlBatch batch, PeerId peer, String topic, Duration backoff, long now) {
        batch.prune(peer, topic, backoff.toSeconds());
        backoffs.add(topic, peer, backoff, now);
        prunes++;
    }

    private boolean isGossipPeer(PeerId peer) {
        String protocol = context.protocol(peer);
        return MESHSUB_V11.equals(protocol) || MESHSUB_V10.equals(protocol);
    }

    private boolean graftable(String topic, PeerId peer, long now) {
        return isGossipPeer(peer) && context.topicPeers(topic).contains(peer) && !backoffs.active(topic, peer, now);
    }

    private List<PeerId> graftCandidates(String topic, Set<PeerId> exclude, long now) {
        List<PeerId> out = new ArrayList<>();
        for (PeerId p : gossipPeers(topic, exclude)) {
            if (!backoffs.active(topic, p, now)) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code peers.gossipsub[topic]} minus {@code exclude}. */
    private List<PeerId> gossipPeers(String topic, Set<PeerId> exclude) {
        List<PeerId> out = new ArrayList<>();
        for (PeerId p : context.topicPeers(topic)) {
            if (!exclude.contains(p) && isGossipPeer(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Up to {@code n} random elements. */
    private <T> List<T> pick(java.util.Collection<T> from, int n) {
        if (n <= 0 || from.isEmpty()) {
            return List.of();
        }
        List<T> list = new ArrayList<>(from);
        Collections.shuffle(list, random);
        return n >= list.size() ? list : list.subList(0, n);
    }
}
