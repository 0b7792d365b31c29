package io.nodus.pubsub;

import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/** A deterministic in-memory Ed25519 identity (verifies Ed25519 keys only) for tests that need no files. */
public final class SeededIdentity implements NodeIdentity {

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final byte[] publicKeyProtobuf;
    private final PeerId peerId;

    public SeededIdentity(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        privateKey = new Ed25519PrivateKeyParameters(s, 0);
        publicKey = privateKey.generatePublicKey().getEncoded();
        publicKeyProtobuf = new byte[36];
        System.arraycopy(new byte[] {0x08, 0x01, 0x12, 32}, 0, publicKeyProtobuf, 0, 4);
        System.arraycopy(publicKey, 0, publicKeyProtobuf, 4, 32);
        peerId = PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
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
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] key, byte[] data, byte[] signature) {
        if (key.length != 36 || key[0] != 0x08 || key[1] != 0x01 || key[2] != 0x12 || key[3] != 32) {
            throw new IllegalArgumentException("only Ed25519 keys here");
        }
        if (signature.length != 64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key, 4));
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }
}
