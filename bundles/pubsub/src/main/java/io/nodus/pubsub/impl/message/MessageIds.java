package io.nodus.pubsub.impl.message;

import com.google.protobuf.ByteString;

import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * Message ids as js-libp2p gossipsub computes them for signed messages ({@code msgIdFnStrictSign}): the author's
 * protobuf-encoded public key followed by the seqno as 8 bytes big-endian. IHAVE/IWANT carry these ids, so they
 * must match the peers we gossip with. The key is the one inlined in an identity-multihash {@code from} (Ed25519,
 * secp256k1), else the message's {@code key} field (RSA); a message with neither gets the pubsub spec's default,
 * {@code from || seqno}. (go-libp2p-pubsub uses that default for every message.)
 */
public final class MessageIds {

    /** js encodes the seqno as 16 hex digits. */
    static final int SEQNO_LENGTH = 8;
    /** peer-ids spec: an identity multihash is code 0x00, then its length as a one-byte varint (keys < 128 bytes). */
    private static final int IDENTITY_CODE = 0x00;

    private MessageIds() {
    }

    public static ByteString of(Message m) {
        ByteString key = authorKey(m);
        ByteString seqno = m.getSeqno();
        if (key == null) {
            return m.getFrom().concat(seqno);
        }
        if (seqno.size() < SEQNO_LENGTH) {
            seqno = ByteString.copyFrom(new byte[SEQNO_LENGTH - seqno.size()]).concat(seqno);
        }
        return key.concat(seqno);
    }

    /** The author's protobuf public key, or null when neither {@code from} nor {@code key} gives it. */
    static ByteString authorKey(Message m) {
        ByteString from = m.getFrom();
        if (from.size() > 2 && from.byteAt(0) == IDENTITY_CODE && (from.byteAt(1) & 0xFF) == from.size() - 2) {
            return from.substring(2);
        }
        return m.getKey().isEmpty() ? null : m.getKey();
    }
}
