package io.nodus.crypto.impl;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.Ed25519;
import io.nodus.crypto.spi.RsaPublicKey;

/**
 * A remote peer's identity key as a libp2p {@code PublicKey} protobuf (peer-ids spec "Keys"): pinned to the peer ID
 * it claims, and used to verify that peer's signatures. Ed25519 and RSA (PKCS#1 v1.5, SHA-256) go through this
 * bundle's wrappers; secp256k1 and ECDSA through the identity service.
 */
final class RemoteIdentity {

    private static final int TYPE_RSA = 0;
    private static final int TYPE_ED25519 = 1;

    final PeerId peer;
    final byte[] keyProtobuf;
    private final int type;
    private final byte[] keyData;
    private final RsaPublicKey rsa;
    private final NodeIdentity verifier;

    private RemoteIdentity(PeerId peer, byte[] keyProtobuf, int type, byte[] keyData, NodeIdentity verifier)
            throws CryptoException {
        this.peer = peer;
        this.keyProtobuf = keyProtobuf.clone();
        this.type = type;
        this.keyData = keyData;
        this.verifier = verifier;
        RsaPublicKey r = null;
        if (type == TYPE_RSA) {
            try {
                r = RsaPublicKey.fromDer(keyData);
            } catch (IllegalArgumentException e) {
                throw new CryptoException(Reason.MALFORMED, "peer " + peer + " has an unusable RSA key: " + e.getMessage());
            }
        }
        this.rsa = r;
    }

    /**
     * Pins {@code keyProtobuf} to {@code claimed}: the key must hash (or inline) to exactly that peer ID.
     *
     * @throws CryptoException {@code PEER_ID_MISMATCH} when it does not, {@code MALFORMED} when it is no key message
     */
    static RemoteIdentity pin(PeerId claimed, byte[] keyProtobuf, NodeIdentity verifier) throws CryptoException {
        PeerId derived;
        try {
            derived = PeerId.fromPublicKeyProtobuf(keyProtobuf);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(Reason.MALFORMED, "identity key of " + claimed + " is not a libp2p key: "
                    + e.getMessage());
        }
        if (!derived.equals(claimed)) {
            throw new CryptoException(Reason.PEER_ID_MISMATCH, "identity key belongs to " + derived
                    + ", not to the claimed peer " + claimed);
        }
        int[] pos = {0};
        int tag = varint(keyProtobuf, pos);
        int type = varint(keyProtobuf, pos);
        int dataTag = varint(keyProtobuf, pos);
        int length = varint(keyProtobuf, pos);
        if (tag != 0x08 || dataTag != 0x12 || length != keyProtobuf.length - pos[0]) {
            throw new CryptoException(Reason.MALFORMED, "identity key of " + claimed + " is not a PublicKey message");
        }
        byte[] data = java.util.Arrays.copyOfRange(keyProtobuf, pos[0], keyProtobuf.length);
        return new RemoteIdentity(claimed, keyProtobuf, type, data, verifier);
    }

    boolean verify(byte[] data, byte[] signature) {
        return switch (type) {
            case TYPE_ED25519 -> Ed25519.verify(keyData, data, signature);
            case TYPE_RSA -> rsa.verifyPkcs1Sha256(data, signature);
            default -> verifyElsewhere(data, signature);
        };
    }

    private boolean verifyElsewhere(byte[] data, byte[] signature) {
        try {
            return verifier.verify(keyProtobuf, data, signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int varint(byte[] in, int[] pos) throws CryptoException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (pos[0] >= in.length) {
                throw new CryptoException(Reason.MALFORMED, "identity key message is truncated");
            }
            int b = in[pos[0]++] & 0xff;
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CryptoException(Reason.MALFORMED, "identity key message has an overlong varint");
    }
}
