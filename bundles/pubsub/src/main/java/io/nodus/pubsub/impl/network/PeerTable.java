package io.nodus.pubsub.impl.network;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nodus.api.identity.PeerId;

/**
 * Router-agnostic peering state (gossipsub v1.0, "Peering State"): our outbox per peer, the protocol its stream
 * negotiated once open, and the topics each peer announced. Guarded by the network's state lock.
 */
final class PeerTable {

    /** Topics one peer may announce; more are ignored so a peer cannot grow our state without bound. */
    static final int MAX_TOPICS_PER_PEER = 1024;

    private final Map<PeerId, PeerOutbox> outboxes = new HashMap<>();
    private final Map<PeerId, String> protocols = new HashMap<>();
    private final Map<PeerId, Set<String>> announced = new HashMap<>();
    private final Map<String, Set<PeerId>> byTopic = new HashMap<>();

    PeerOutbox outbox(PeerId peer) {
        return outboxes.get(peer);
    }

    void putOutbox(PeerId peer, PeerOutbox outbox) {
        outboxes.put(peer, outbox);
    }

    /** Forgets an outbox that never opened; true when it was the current one. */
    boolean dropOutbox(PeerOutbox outbox) {
        return outboxes.remove(outbox.peer(), outbox);
    }

    /** Forgets a failed outbox and its protocol but keeps the topics the peer announced on its own stream. */
    boolean closeOutbox(PeerOutbox outbox) {
        if (!outboxes.remove(outbox.peer(), outbox)) {
            return false;
        }
        protocols.remove(outbox.peer());
        return true;
    }

    void opened(PeerId peer, String protocol) {
        protocols.put(peer, protocol);
    }

    /** The negotiated protocol of an open outbound stream, or null. */
    String protocol(PeerId peer) {
        return protocols.get(peer);
    }

    Set<PeerId> openPeers() {
        return Set.copyOf(protocols.keySet());
    }

    Set<PeerOutbox> outboxes() {
        return Set.copyOf(outboxes.values());
    }

    /** @return false when the peer already announced it or is at its topic limit */
    boolean subscribe(PeerId peer, String topic) {
        Set<String> topics = announced.computeIfAbsent(peer, p -> new LinkedHashSet<>());
        if (topics.contains(topic) || topics.size() >= MAX_TOPICS_PER_PEER) {
            return false;
        }
        topics.add(topic);
        byTopic.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer);
        return true;
    }

    /** @return true when the peer had announced the topic */
    boolean unsubscribe(PeerId peer, String topic) {
        Set<String> topics = announced.get(peer);
        if (topics == null || !topics.remove(topic)) {
            return false;
        }
        if (topics.isEmpty()) {
            announced.remove(peer);
        }
        Set<PeerId> peers = byTopic.get(topic);
        peers.remove(peer);
        if (peers.isEmpty()) {
            byTopic.remove(topic);
        }
        return true;
    }

    /** Forgets the peer's topics; returns them. */
    List<String> clearTopics(PeerId peer) {
        List<String> topics = List.copyOf(announced.getOrDefault(peer, Set.of()));
        topics.forEach(t -> unsubscribe(peer, t));
        return topics;
    }

    /** Forgets the peer entirely; returns its outbox (to close) or null. */
    PeerOutbox remove(PeerId peer) {
        clearTopics(peer);
        protocols.remove(peer);
        return outboxes.remove(peer);
    }

    /** Peers that announced the topic and have an open outbound stream. */
    Set<PeerId> topicPeers(String topic) {
        Set<PeerId> all = byTopic.get(topic);
        if (all == null) {
            return Set.of();
        }
        Set<PeerId> out = new LinkedHashSet<>();
        for (PeerId p : all) {
            if (protocols.containsKey(p)) {
                out.add(p);
            }
        }
        return out;
    }

    Set<String> topicsOf(PeerId peer) {
        return Set.copyOf(announced.getOrDefault(peer, Set.of()));
    }
}
