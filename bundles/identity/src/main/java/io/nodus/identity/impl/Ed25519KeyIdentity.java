package io.nodus.identity.impl;

import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/**
 * A node identity held in memory: an Ed25519 private key, its libp2p public-key message and peer ID (peer-ids spec).
 * Signs with Ed25519 and verifies signatures of every libp2p key type. The node's own identity adds where the key is
 * kept; tests use this directly.
 */
public class Ed25519KeyIdentity implements NodeIdentity {

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final byte[] publicKeyProtobuf;
    private final PeerId peerId;

    public Ed25519KeyIdentity(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.publicKeyProtobuf = LibP2pKeys.encode(KeyType.ED25519, publicKey);
        this.peerId = PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    @Override
    public final PeerId peerId() {
        return peerId;
    }

    @Override
    public final byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public final byte[] publicKeyProtobuf() {
        return publicKeyProtobuf.clone();
    }

    @Override
    public final byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        Ed25519Signer signer = new Ed25519Signer(); // not thread-safe: one per call
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public final boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        return SignatureVerifier.verify(LibP2pKeys.decode(publicKeyProtobuf), data, signature);
    }

    /** The libp2p PublicKey message of an Ed25519 public key (peer-ids spec, type 1). */
    public static byte[] ed25519PublicKeyProtobuf(byte[] ed25519PublicKey) {
        return LibP2pKeys.encode(KeyType.ED25519, ed25519PublicKey);
    }
}
