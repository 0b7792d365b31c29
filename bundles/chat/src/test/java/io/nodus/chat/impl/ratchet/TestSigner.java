package io.nodus.chat.impl.ratchet;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 key that signs and verifies, standing in for the node identity. */
final class TestSigner {

    private final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());

    byte[] sign(byte[] data) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(data, 0, data.length);
        return s.generateSignature();
    }

    boolean verify(byte[] data, byte[] signature) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, key.generatePublicKey());
        s.update(data, 0, data.length);
        return s.verifySignature(signature);
    }
}
