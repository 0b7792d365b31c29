package io.nodus.pubsub.impl.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/** A {@link RouterContext} for router unit tests: peers and topics set by the test, sent RPCs recorded. */
final class RecordingContext implements RouterContext {

    record Sent(PeerId to, RPC rpc) {
    }

    final Map<String, Set<PeerId>> topics = new HashMap<>();
    final Map<PeerId, String> protocols = new HashMap<>();
    final Set<String> subscribed = new HashSet<>();
    final Set<ByteString> seen = new HashSet<>();
    final List<Sent> sent = new ArrayList<>();

    void addPeer(PeerId peer, String protocol, String... peerTopics) {
        protocols.put(peer, protocol);
        for (String t : peerTopics) {
            topics.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(peer);
        }
    }

    List<Sent> drain() {
        List<Sent> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    @Override
    public Set<PeerId> topicPeers(String topic) {
        return new LinkedHashSet<>(topics.getOrDefault(topic, Set.of()));
    }

    @Override
    public String protocol(PeerId peer) {
        return protocols.get(peer);
    }

    @Override
    public boolean subscribed(String topic) {
        return subscribed.contains(topic);
    }

    @Override
    public boolean seen(ByteString messageId) {
        return seen.contains(messageId);
    }

    @Override
    public void send(PeerId peer, RPC rpc) {
        sent.add(new Sent(peer, rpc));
    }
}
