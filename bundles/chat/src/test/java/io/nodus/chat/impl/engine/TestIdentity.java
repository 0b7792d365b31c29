package io.nodus.chat.impl.engine;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/** A throw-away Ed25519 node identity for tests (verifies Ed25519 keys only). */
public final class TestIdentity implements NodeIdentity {

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final byte[] publicKeyProtobuf;
    private final PeerId peerId;

    public TestIdentity() {
        privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        publicKey = privateKey.generatePublicKey().getEncoded();
        publicKeyProtobuf = protobuf(publicKey);
        peerId = PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    /** libp2p peer-ids spec: PublicKey { Type = Ed25519 (1), Data = 32 bytes }. */
    static byte[] protobuf(byte[] ed25519) {
        byte[] out = new byte[4 + ed25519.length];
        out[0] = 0x08;
        out[1] = 0x01;
        out[2] = 0x12;
        out[3] = (byte) ed25519.length;
        System.arraycopy(ed25519, 0, out, 4, ed25519.length);
        return out;
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
    public boolean verify(byte[] keyProtobuf, byte[] data, byte[] signature) {
        if (keyProtobuf.length != 36 || keyProtobuf[0] != 0x08 || keyProtobuf[1] != 0x01 || keyProtobuf[2] != 0x12
                || keyProtobuf[3] != 32) {
            throw new IllegalArgumentException("test identity verifies Ed25519 keys only");
        }
        byte[] raw = java.util.Arrays.copyOfRange(keyProtobuf, 4, 36);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(raw));
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }
}
