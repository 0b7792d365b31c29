package io.nodus.pubsub.impl.network;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.message.SeenCache;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.router.RouterContext;
import io.nodus.pubsub.impl.wire.RpcFrames;

/** The router's view of a {@link PubSubNetwork}; used under the network's state lock. */
final class RouterView implements RouterContext {

    private static final System.Logger LOG = System.getLogger(RouterView.class.getName());

    private final PeerTable peers;
    private final LocalSubscriptions local;
    private final Supplier<SeenCache> seen;
    private final AtomicLong droppedRpcs;
    private RPC lastRpc;
    private byte[] lastFrame;

    RouterView(PeerTable peers, LocalSubscriptions local, Supplier<SeenCache> seen, AtomicLong droppedRpcs) {
        this.peers = peers;
        this.local = local;
        this.seen = seen;
        this.droppedRpcs = droppedRpcs;
    }

    @Override
    public Set<PeerId> topicPeers(String topic) {
        return peers.topicPeers(topic);
    }

    @Override
    public String protocol(PeerId peer) {
        return peers.protocol(peer);
    }

    @Override
    public boolean subscribed(String topic) {
        return local.subscribed(topic);
    }

    @Override
    public boolean seen(ByteString messageId) {
        return seen.get().contains(messageId);
    }

    @Override
    public void send(PeerId peer, RPC rpc) {
        PeerOutbox outbox = peers.outbox(peer);
        if (outbox == null || peers.protocol(peer) == null) {
            return;
        }
        if (rpc != lastRpc) { // one RPC often goes to many peers: frame it once
            lastRpc = rpc;
            lastFrame = RpcFrames.frame(rpc.toByteArray());
        }
        if (!outbox.offer(lastFrame)) {
            long n = droppedRpcs.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, ... drop: enough to notice, not a flood
                LOG.log(Level.WARNING, "pubsub queue to {0} is full: dropped {1} RPCs so far", peer, n);
            }
        }
    }
}
