package io.nodus.ml.aggregator.impl;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/** An Ed25519 NodeIdentity for tests (BouncyCastle lightweight API), verifying Ed25519 keys only. */
final class TestIdentity implements NodeIdentity {

    private final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());

    @Override
    public PeerId peerId() {
        return PeerId.fromPublicKeyProtobuf(publicKeyProtobuf());
    }

    @Override
    public byte[] publicKey() {
        return key.generatePublicKey().getEncoded();
    }

    @Override
    public byte[] publicKeyProtobuf() {
        byte[] pk = publicKey();
        byte[] pb = new byte[4 + pk.length];
        pb[0] = 0x08;
        pb[1] = 0x01;
        pb[2] = 0x12;
        pb[3] = (byte) pk.length;
        System.arraycopy(pk, 0, pb, 4, pk.length);
        return pb;
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(data, 0, data.length);
        return s.generateSignature();
    }

    @Override
    public boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature) {
        if (publicKeyProtobuf.length != 36 || publicKeyProtobuf[1] != 0x01) {
            throw new IllegalArgumentException("test identity verifies Ed25519 only");
        }
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, new Ed25519PublicKeyParameters(Arrays.copyOfRange(publicKeyProtobuf, 4, 36)));
        s.update(data, 0, data.length);
        return s.verifySignature(signature);
    }
}
