package io.nodus.pubsub.impl.router;

import java.util.List;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

/**
 * floodsub (gossipsub v1.0, "In the beginning was floodsub"): every new message goes to every peer in its topic,
 * except the peer it came from and its author.
 */
public final class FloodSubRouter implements PubSubRouter {

    public static final String PROTOCOL = "/floodsub/1.0.0";

    private final RouterContext context;

    public FloodSubRouter(RouterContext context) {
        this.context = context;
    }

    @Override
    public List<String> protocols() {
        return List.of(PROTOCOL);
    }

    @Override
    public void addPeer(PeerId peer, String protocol) {
        // no per-peer state
    }

    @Override
    public void removePeer(PeerId peer) {
        // no per-peer state
    }

    @Override
    public void peerLeft(PeerId peer, String topic) {
        // no per-topic state
    }

    @Override
    public void join(String topic) {
        // subscriptions are announced by the network
    }

    @Override
    public void leave(String topic) {
        // subscriptions are announced by the network
    }

    @Override
    public void route(Message message, ByteString id, PeerId source, PeerId origin) {
        RPC rpc = RPC.newBuilder().addPublish(message).build();
        for (PeerId p : context.topicPeers(message.getTopic())) {
            if (!p.equals(source) && !p.equals(origin)) {
                context.send(p, rpc);
            }
        }
    }

    @Override
    public void control(PeerId from, ControlMessage control) {
        // floodsub has no control messages
    }

    @Override
    public void heartbeat() {
        // nothing to maintain
    }

    @Override
    public Set<PeerId> mesh(String topic) {
        return context.topicPeers(topic);
    }
}
