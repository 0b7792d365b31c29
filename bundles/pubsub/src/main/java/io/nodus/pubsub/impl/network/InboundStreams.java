package io.nodus.pubsub.impl.network;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.TopicValidator;
import io.nodus.api.transport.P2PStream;
import io.nodus.pubsub.impl.message.InvalidMessageException;
import io.nodus.pubsub.impl.message.MessageIds;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;
import io.nodus.pubsub.impl.wire.PubSubWireException;
import io.nodus.pubsub.impl.wire.RpcDecoder;
import io.nodus.pubsub.impl.wire.RpcFrames;

/**
 * Reads the peers' streams to us (pubsub spec, "Stream management": inbound streams are only read), one per peer:
 * framing and protobuf violations reset the stream and are logged with their reason; messages are validated here,
 * on the reader's thread, before the network routes them.
 */
final class InboundStreams implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InboundStreams.class.getName());

    private final PubSubNetwork network;
    private final Map<PeerId, P2PStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong rejectedStreams = new AtomicLong();
    private final AtomicLong invalidMessages = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean closed;

    InboundStreams(PubSubNetwork network) {
        this.network = network;
    }

    /** {@code ProtocolHandler.handle}: reads RPCs until the peer closes the stream or breaks the protocol. */
    void serve(P2PStream stream) {
        if (closed) {
            stream.reset();
            return;
        }
        PeerId peer = stream.remotePeer();
        P2PStream previous = streams.put(peer, stream);
        if (previous != null) {
            LOG.log(Level.DEBUG, "new pubsub stream from {0} replaces the previous one", peer);
            previous.reset();
        }
        network.inboundStarted(peer);
        try {
            InputStream in = stream.input();
            while (!closed) {
                byte[] frame = RpcFrames.read(in, network.settings().maxRpcBytes());
                if (frame == null) {
                    break;
                }
                process(peer, RpcDecoder.decode(frame));
            }
        } catch (PubSubWireException e) {
            rejectedStreams.incrementAndGet();
            LOG.log(Level.INFO, "closing the pubsub stream from {0}: {1}", peer, e.getMessage());
            stream.reset();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "pubsub stream from {0} ended: {1}", peer, e.getMessage());
        } finally {
            streams.remove(peer, stream);
        }
    }

    void closeFrom(PeerId peer) {
        P2PStream s = streams.remove(peer);
        if (s != null) {
            s.reset();
        }
    }

    @Override
    public void close() {
        closed = true;
        streams.values().forEach(P2PStream::reset);
        streams.clear();
    }

    long rejectedStreams() {
        return rejectedStreams.get();
    }

    long invalidMessages() {
        return invalidMessages.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    private void process(PeerId peer, RPC rpc) {
        if (rpc.getSubscriptionsCount() > 0) {
            network.subscriptions(peer, rpc.getSubscriptionsList());
        }
        for (Message m : rpc.getPublishList()) {
            message(peer, m);
        }
        if (rpc.hasControl()) {
            network.control(peer, rpc.getControl());
        }
    }

    /** pubsub spec "Message Signing" and "Topic Validation"; gossipsub v1.0 "Message Processing". */
    private void message(PeerId source, Message m) {
        if (!network.subscribed(m.getTopic())) {
            return; // like go-libp2p-pubsub: messages of topics we are not in are neither delivered nor relayed
        }
        ByteString id = MessageIds.of(m);
        if (network.seen().contains(id)) {
            duplicates.incrementAndGet();
            return;
        }
        PeerId origin;
        try {
            origin = network.validator().validate(m);
        } catch (InvalidMessageException e) {
            invalidMessages.incrementAndGet();
            LOG.log(Level.DEBUG, "dropping a message from {0} on {1}: {2}", source, m.getTopic(), e.getMessage());
            return;
        }
        if (origin.equals(network.self())) {
            invalidMessages.incrementAndGet();
            LOG.log(Level.DEBUG, "dropping a message from {0} that claims to be ours but was not published here",
                    source);
            return;
        }
        TopicValidator.Result verdict = network.validate(source, m, origin);
        if (verdict != TopicValidator.Result.ACCEPT) {
            invalidMessages.incrementAndGet();
            LOG.log(Level.DEBUG, "topic validator of {0}: {1} for a message from {2}", m.getTopic(), verdict, source);
            return;
        }
        if (!network.seen().add(id)) {
            duplicates.incrementAndGet();
            return;
        }
        network.accepted(source, m, id, origin);
    }
}
