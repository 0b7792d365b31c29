package io.nodus.pubsub.impl.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * Builds this node's messages under the {@code StrictSign} policy (pubsub spec, "Message Signing"): from, a
 * strictly increasing 64-bit big-endian seqno, the signature over {@code "libp2p-pubsub:"} + the marshalled
 * message without signature and key, and the key only when the peer ID does not inline it.
 */
public final class MessageSigner {

    static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

    private final NodeIdentity identity;
    private final ByteString from;
    private final ByteString key;
    /** Seeded from the wall clock in nanoseconds so seqnos keep increasing across restarts. */
    private final AtomicLong seqno = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    public MessageSigner(NodeIdentity identity) {
        this.identity = identity;
        PeerId self = identity.peerId();
        this.from = ByteString.copyFrom(self.toBytes());
        this.key = self.isIdentityHash() ? null : ByteString.copyFrom(identity.publicKeyProtobuf());
    }

    public Message sign(String topic, byte[] data) {
        Message unsigned = Message.newBuilder()
                .setFrom(from)
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(seqno.incrementAndGet()).array()))
                .setTopic(topic)
                .build();
        Message.Builder signed = unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(identity.sign(signedBytes(unsigned))));
        if (key != null) {
            signed.setKey(key);
        }
        return signed.build();
    }

    /** What the signature covers: the prefix and the message marshalled without signature and key. */
    public static byte[] signedBytes(Message m) {
        byte[] body = m.toBuilder().clearSignature().clearKey().build().toByteArray();
        byte[] out = new byte[SIGN_PREFIX.length + body.length];
        System.arraycopy(SIGN_PREFIX, 0, out, 0, SIGN_PREFIX.length);
        System.arraycopy(body, 0, out, SIGN_PREFIX.length, body.length);
        return out;
    }
}
