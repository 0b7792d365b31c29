package io.nodus.crypto.spi;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/** X25519 (RFC 7748) key agreement, BouncyCastle lightweight API. */
public final class X25519 {

    public static final int KEY_BYTES = 32;

    private X25519() {
    }

    /** A key pair; {@link #destroy()} erases the private half. */
    public static final class KeyPair {
        private final byte[] privateKey;
        private final byte[] publicKey;

        public KeyPair(byte[] privateKey) {
            if (privateKey.length != KEY_BYTES) {
                throw new IllegalArgumentException("X25519 private key must be 32 bytes, not " + privateKey.length);
            }
            this.privateKey = privateKey.clone();
            this.publicKey = new byte[KEY_BYTES];
            org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(this.privateKey, 0, publicKey, 0);
        }

        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** The private key bytes (secret: erase your copy after use). */
        public byte[] privateKey() {
            return privateKey.clone();
        }

        /** Agreement of this private key with {@code peerPublicKey}; see {@link X25519#agree}. */
        public byte[] agree(byte[] peerPublicKey) throws CryptoException {
            return X25519.agree(privateKey, peerPublicKey);
        }

        public void destroy() {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] k = new byte[KEY_BYTES];
        org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, k);
        try {
            return new KeyPair(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * The shared secret of {@code privateKey} and {@code publicKey}. A public key of low order (whose result would be
     * all zeros, RFC 7748 section 6.1) is refused, so a peer cannot force a known secret.
     *
     * @throws CryptoException {@code MALFORMED} for a key of the wrong length, {@code TAMPERED} for a low-order key
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws CryptoException {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (privateKey.length != KEY_BYTES || publicKey.length != KEY_BYTES) {
            throw new CryptoException(Reason.MALFORMED, "X25519 keys are 32 bytes (got private " + privateKey.length
                    + ", public " + publicKey.length + ")");
        }
        byte[] shared = new byte[KEY_BYTES];
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, publicKey, 0, shared, 0)) {
            throw new CryptoException(Reason.TAMPERED, "X25519 public key has low order (all-zero shared secret)");
        }
        return shared;
    }
}
