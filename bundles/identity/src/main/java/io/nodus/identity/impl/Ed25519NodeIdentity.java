package io.nodus.identity.impl;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.node.NodeInfo;

/**
 * The node's identity: an Ed25519 key kept in {@code <data>/keys/identity.key} (created on first start). Activation
 * fails, leaving the file alone, when that file exists but is not a valid key.
 */
@Component(service = NodeIdentity.class)
public final class Ed25519NodeIdentity implements NodeIdentity {

    private final Path keyFile;
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final byte[] publicKeyProtobuf;
    private final PeerId peerId;

    @Activate
    public Ed25519NodeIdentity(@Reference(name = "node") NodeInfo node) {
        this.keyFile = Ed25519KeyFile.path(node.dataDir());
        this.privateKey = Ed25519KeyFile.loadOrCreate(keyFile, new SecureRandom());
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.publicKeyProtobuf = LibP2pKeys.encode(KeyType.ED25519, publicKey);
        this.peerId = PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] publicKeyProtobuf() {
        return publicKeyProtobuf.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        Objects.requireNonNull(data, "data");
        Ed25519Signer signer = new Ed25519Signer(); // not thread-safe: one per call
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        return SignatureVerifier.verify(LibP2pKeys.decode(publicKeyProtobuf), data, signature);
    }

    /** Where this identity's key lives (for {@code p2p:keyinfo}). */
    Path keyFile() {
        return keyFile;
    }
}
