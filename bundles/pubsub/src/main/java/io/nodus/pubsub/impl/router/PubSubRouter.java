package io.nodus.pubsub.impl.router;

import java.util.List;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * A pubsub routing algorithm (floodsub, gossipsub). All methods are called with the network's state lock held,
 * so implementations need no locking of their own.
 */
public interface PubSubRouter {

    /** Protocol ids served and offered when opening streams, most preferred first. */
    List<String> protocols();

    /** A peer's outbound stream is open, speaking {@code protocol}. */
    void addPeer(PeerId peer, String protocol);

    void removePeer(PeerId peer);

    /** The peer announced it left the topic. */
    void peerLeft(PeerId peer, String topic);

    /** This node subscribed to the topic ({@code JOIN(topic)}). */
    void join(String topic);

    /** This node unsubscribed from the topic ({@code LEAVE(topic)}). */
    void leave(String topic);

    /**
     * Sends a new, valid message on.
     *
     * @param source the peer it came from, or null for a message this node publishes
     * @param origin the message's author ({@code from})
     */
    void route(Message message, ByteString id, PeerId source, PeerId origin);

    /** Control messages from a peer (floodsub ignores them). */
    void control(PeerId from, ControlMessage control);

    /** Periodic maintenance; called every heartbeat interval. */
    void heartbeat();

    /** The peers we send full messages of the topic to (gossipsub: the mesh, floodsub: every topic peer). */
    Set<PeerId> mesh(String topic);
}
