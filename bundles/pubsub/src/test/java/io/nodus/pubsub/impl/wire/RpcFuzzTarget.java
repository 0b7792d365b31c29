package io.nodus.pubsub.impl.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.message.InvalidMessageException;
import io.nodus.pubsub.impl.message.MessageIds;
import io.nodus.pubsub.impl.message.MessageValidator;
import io.nodus.pubsub.impl.message.SeenCache;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.router.GossipParams;
import io.nodus.pubsub.impl.router.GossipSubRouter;
import io.nodus.pubsub.impl.router.RouterContext;
import io.nodus.testkit.TestIdentity;

/**
 * Fuzz entry: bytes as they would arrive on an inbound pubsub stream, through framing, protobuf decoding, StrictSign
 * validation, the seen cache and a gossipsub router's control handling. The only exception allowed out is
 * {@link PubSubWireException}, which the network turns into a stream reset.
 */
public final class RpcFuzzTarget {

    static final int MAX_RPC_BYTES = 64 * 1024;
    static final String TOPIC = "news";
    static final TestIdentity SIGNER = TestIdentity.seeded(7);
    private static final PeerId PEER = TestIdentity.seeded(8).peerId();
    private static final MessageValidator VALIDATOR = new MessageValidator(SIGNER::verify);

    private RpcFuzzTarget() {
    }

    public static void fuzz(byte[] data) throws PubSubWireException {
        RouterContext context = new RouterContext() {
            @Override
            public Set<PeerId> topicPeers(String topic) {
                return Set.of(PEER);
            }

            @Override
            public String protocol(PeerId peer) {
                return GossipSubRouter.MESHSUB_V11;
            }

            @Override
            public boolean subscribed(String topic) {
                return TOPIC.equals(topic);
            }

            @Override
            public boolean seen(ByteString messageId) {
                return false;
            }

            @Override
            public void send(PeerId peer, RPC rpc) {
                rpc.toByteArray(); // what the network does with it
            }
        };
        GossipSubRouter router = new GossipSubRouter(context, GossipParams.DEFAULTS, System::nanoTime);
        router.join(TOPIC);
        SeenCache seen = new SeenCache(Duration.ofMinutes(2), 1000);
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        for (int i = 0; i <= data.length; i++) {
            byte[] frame;
            try {
                frame = RpcFrames.read(in, MAX_RPC_BYTES);
            } catch (PubSubWireException e) {
                throw e;
            } catch (IOException e) {
                throw new AssertionError("a byte array cannot fail to read", e);
            }
            if (frame == null) {
                return;
            }
            RPC rpc = RpcDecoder.decode(frame);
            for (RPC.SubOpts s : rpc.getSubscriptionsList()) {
                s.getTopicid();
            }
            for (Message m : rpc.getPublishList()) {
                ByteString id = MessageIds.of(m);
                try {
                    PeerId origin = VALIDATOR.validate(m);
                    if (seen.add(id)) {
                        router.route(m, id, PEER, origin);
                    }
                } catch (InvalidMessageException e) {
                    // dropped, as the network drops it
                }
            }
            if (rpc.hasControl()) {
                router.control(PEER, rpc.getControl());
            }
            router.heartbeat();
        }
    }
}
