package io.nodus.pubsub.impl.router;

import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/**
 * What a router sees of the router-agnostic pubsub state (gossipsub v1.0, "Peering State"). Routers are called,
 * and call this, with the network's state lock held.
 */
public interface RouterContext {

    /** Peers with an outbound stream that announced the topic, i.e. {@code peers.floodsub[topic]} + {@code peers.gossipsub[topic]}. */
    Set<PeerId> topicPeers(String topic);

    /** The protocol our outbound stream to the peer negotiated, or null when it has none. */
    String protocol(PeerId peer);

    /** True when this node subscribes to the topic. */
    boolean subscribed(String topic);

    /** True when the message id is in the seen cache. */
    boolean seen(ByteString messageId);

    /** Queues an RPC to the peer (dropped, and logged, when its queue is full). */
    void send(PeerId peer, RPC rpc);
}
