package io.nodus.pubsub.impl.message;

import java.util.Optional;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * Consuming side of {@code StrictSign} (pubsub spec, "Signature Policy Options"): topic, from, an 8-byte seqno and
 * a signature must be present; the key (inlined in {@code from}, or the {@code key} field, which must then match
 * {@code from}) must verify the signature.
 */
public final class MessageValidator {

    public static final int SEQNO_BYTES = 8;

    /** Verifies a signature by any libp2p key; {@code NodeIdentity::verify} fits. */
    @FunctionalInterface
    public interface SignatureCheck {
        /** @throws IllegalArgumentException when the key cannot be decoded or its type is unsupported */
        boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature);
    }

    private final SignatureCheck check;

    public MessageValidator(SignatureCheck check) {
        this.check = check;
    }

    /**
     * @return the verified origin of the message
     * @throws InvalidMessageException naming the first rule the message breaks
     */
    public PeerId validate(Message m) throws InvalidMessageException {
        if (!m.hasTopic() || m.getTopic().isEmpty()) {
            throw new InvalidMessageException("no topic");
        }
        if (!m.hasFrom()) {
            throw new InvalidMessageException("no from");
        }
        if (!m.hasSeqno()) {
            throw new InvalidMessageException("no seqno");
        }
        if (m.getSeqno().size() != SEQNO_BYTES) {
            throw new InvalidMessageException("seqno of " + m.getSeqno().size() + " bytes, not " + SEQNO_BYTES);
        }
        if (!m.hasSignature() || m.getSignature().isEmpty()) {
            throw new InvalidMessageException("no signature");
        }
        PeerId from;
        try {
            from = PeerId.fromBytes(m.getFrom().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("from is not a peer ID: " + e.getMessage());
        }
        byte[] key = key(m, from);
        boolean valid;
        try {
            valid = check.verify(key, MessageSigner.signedBytes(m), m.getSignature().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("unusable key: " + e.getMessage());
        }
        if (!valid) {
            throw new InvalidMessageException("bad signature");
        }
        return from;
    }

    private static byte[] key(Message m, PeerId from) throws InvalidMessageException {
        if (m.hasKey()) {
            byte[] key = m.getKey().toByteArray();
            PeerId keyId;
            try {
                keyId = PeerId.fromPublicKeyProtobuf(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidMessageException("key is not a libp2p public key: " + e.getMessage());
            }
            if (!keyId.equals(from)) {
                throw new InvalidMessageException("key does not match from");
            }
            return key;
        }
        Optional<byte[]> inlined = from.extractPublicKeyProtobuf();
        if (inlined.isEmpty()) {
            throw new InvalidMessageException("no key, and from does not inline one");
        }
        return inlined.get();
    }
}
