package io.nodus.chat.impl.ratchet;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.math.ec.rfc7748.X25519;

/** An X25519 key pair (RFC 7748, BouncyCastle); {@link #destroy()} erases the private half. */
public final class X25519KeyPair {

    public static final int KEY_BYTES = 32;

    private final byte[] privateKey;
    private final byte[] publicKey;

    private X25519KeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[KEY_BYTES];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    /** Double Ratchet spec section 3.1, GENERATE_DH(). */
    public static X25519KeyPair generate(SecureRandom random) {
        byte[] k = new byte[KEY_BYTES];
        X25519.generatePrivateKey(random, k);
        return new X25519KeyPair(k);
    }

    /** A copy of the private key (for {@link PrekeyFile}); the caller erases it. */
    byte[] privateKeyCopy() {
        return privateKey.clone();
    }

    /** From a private key (copied). */
    public static X25519KeyPair fromPrivate(byte[] privateKey) {
        if (privateKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("X25519 private key must be 32 bytes, not " + privateKey.length);
        }
        return new X25519KeyPair(privateKey.clone());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] publicKeyRef() {
        return publicKey;
    }

    /**
     * DH(dh_pair, dh_pub): the X25519 shared secret. A low-order public key (all-zero result, RFC 7748 section 6.1)
     * is refused so a peer cannot force a known secret.
     */
    public byte[] agree(byte[] peerPublic) throws RatchetException {
        if (peerPublic == null || peerPublic.length != KEY_BYTES) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "X25519 public keys are 32 bytes");
        }
        if (isDestroyed()) {
            throw new RatchetException(RatchetException.Reason.CLOSED, "key pair erased");
        }
        byte[] shared = new byte[KEY_BYTES];
        if (!X25519.calculateAgreement(privateKey, 0, peerPublic, 0, shared, 0)) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "X25519 public key has low order");
        }
        return shared;
    }

    X25519KeyPair copy() {
        return new X25519KeyPair(privateKey.clone());
    }

    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    public boolean isDestroyed() {
        for (byte b : privateKey) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
