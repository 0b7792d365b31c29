package io.nodus.pubsub.impl.router;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.ControlGraft;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIHave;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIWant;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.ControlPrune;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/**
 * Control messages collected for several peers during one router step and sent as one RPC per peer (gossipsub
 * v1.0, "Control Message Piggybacking": coalesced, though not piggybacked on messages).
 */
final class ControlBatch {

    private final Map<PeerId, ControlMessage.Builder> pending = new LinkedHashMap<>();

    void graft(PeerId peer, String topic) {
        to(peer).addGraft(ControlGraft.newBuilder().setTopicID(topic));
    }

    void prune(PeerId peer, String topic, long backoffSeconds) {
        to(peer).addPrune(ControlPrune.newBuilder().setTopicID(topic).setBackoff(backoffSeconds));
    }

    void ihave(PeerId peer, String topic, Iterable<ByteString> ids) {
        to(peer).addIhave(ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(ids));
    }

    void iwant(PeerId peer, Iterable<ByteString> ids) {
        to(peer).addIwant(ControlIWant.newBuilder().addAllMessageIDs(ids));
    }

    void flush(RouterContext context) {
        for (Map.Entry<PeerId, ControlMessage.Builder> e : pending.entrySet()) {
            context.send(e.getKey(), RPC.newBuilder().setControl(e.getValue()).build());
        }
        pending.clear();
    }

    private ControlMessage.Builder to(PeerId peer) {
        return pending.computeIfAbsent(peer, p -> ControlMessage.newBuilder());
    }
}
