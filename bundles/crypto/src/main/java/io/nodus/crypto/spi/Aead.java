package io.nodus.crypto.spi;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/**
 * One AEAD key (AES-GCM or ChaCha20-Poly1305, from the JCA) with its own cipher objects. Seal and open are each
 * serialized on this key; callers choose the nonces and must never repeat one for a key (the JDK also refuses to
 * encrypt twice in a row with the same AES-GCM nonce). One call handles at most {@value #MAX_CHUNK} bytes of
 * plaintext: larger payloads are cut into chunks by the caller (SunJCE slows down sharply on very large
 * single calls).
 */
public final class Aead {

    /** Largest plaintext one seal or open handles. */
    public static final int MAX_CHUNK = 64 * 1024;
    public static final int TAG_BYTES = 16;
    public static final int NONCE_BYTES = 12;

    private enum Algorithm {
        AES_GCM("AES/GCM/NoPadding", "AES"),
        CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20");

        final String transformation;
        final String keyAlgorithm;

        Algorithm(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }
    }

    private final Algorithm algorithm;
    private final ErasableKey key;
    private final Object sealLock = new Object();
    private final Object openLock = new Object();
    private Cipher sealCipher;
    private Cipher openCipher;

    private Aead(Algorithm algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = new ErasableKey(key, algorithm.keyAlgorithm);
    }

    /** AES-GCM with a 16-, 24- or 32-byte key (the modes use 32: AES-256-GCM) and a 128-bit tag. */
    public static Aead aesGcm(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, not " + key.length);
        }
        return new Aead(Algorithm.AES_GCM, key);
    }

    /** ChaCha20-Poly1305 (RFC 8439) with a 32-byte key and a 12-byte nonce. */
    public static Aead chaCha20Poly1305(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes, not " + key.length);
        }
        return new Aead(Algorithm.CHACHA20_POLY1305, key);
    }

    /** Encrypts and authenticates; returns ciphertext followed by the 16-byte tag. */
    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        return seal(nonce, aad, plaintext, 0, plaintext.length);
    }

    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext, int offset, int length) {
        requireChunk(length);
        byte[] out = new byte[length + TAG_BYTES];
        seal(nonce, aad, plaintext, offset, length, out, 0);
        return out;
    }

    /** Seals into {@code out} at {@code outOffset}; writes {@code length + 16} bytes. */
    public void seal(byte[] nonce, byte[] aad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        requireChunk(length);
        synchronized (sealLock) {
            try {
                if (sealCipher == null) {
                    sealCipher = Cipher.getInstance(algorithm.transformation);
                }
                sealCipher.init(Cipher.ENCRYPT_MODE, liveKey(), parameters(nonce));
                if (aad != null && aad.length > 0) {
                    sealCipher.updateAAD(aad);
                }
                sealCipher.doFinal(plaintext, offset, length, out, outOffset);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " refused to seal: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Verifies and decrypts ciphertext-with-tag.
     *
     * @throws CryptoException {@code TAMPERED} when authentication fails (nothing is returned), {@code MALFORMED}
     *         when the input is shorter than a tag or the nonce has a length this algorithm does not take
     */
    public byte[] open(byte[] nonce, byte[] aad, byte[] sealed) throws CryptoException {
        return open(nonce, aad, sealed, 0, sealed.length);
    }

    public byte[] open(byte[] nonce, byte[] aad, byte[] sealed, int offset, int length) throws CryptoException {
        if (length < TAG_BYTES) {
            throw new CryptoException(Reason.MALFORMED, "sealed chunk of " + length + " bytes is shorter than a tag");
        }
        requireChunk(length - TAG_BYTES);
        synchronized (openLock) {
            try {
                if (openCipher == null) {
                    openCipher = Cipher.getInstance(algorithm.transformation);
                }
                openCipher.init(Cipher.DECRYPT_MODE, liveKey(), parameters(nonce));
                if (aad != null && aad.length > 0) {
                    openCipher.updateAAD(aad);
                }
                return openCipher.doFinal(sealed, offset, length);
            } catch (AEADBadTagException e) {
                throw new CryptoException(Reason.TAMPERED, "authentication tag does not verify");
            } catch (java.security.InvalidAlgorithmParameterException e) {
                throw new CryptoException(Reason.MALFORMED, algorithm + " does not take this nonce: " + e.getMessage());
            } catch (GeneralSecurityException e) {
                throw new CryptoException(Reason.TAMPERED, algorithm + " refused the ciphertext: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Verifies and decrypts into {@code out} at {@code outOffset} (writes {@code length - 16} bytes only when the
     * tag verifies; nothing is written otherwise).
     *
     * @return the plaintext length
     */
    public int open(byte[] nonce, byte[] aad, byte[] sealed, int offset, int length, byte[] out, int outOffset)
            throws CryptoException {
        if (length < TAG_BYTES) {
            throw new CryptoException(Reason.MALFORMED, "sealed chunk of " + length + " bytes is shorter than a tag");
        }
        requireChunk(length - TAG_BYTES);
        synchronized (openLock) {
            try {
                if (openCipher == null) {
                    openCipher = Cipher.getInstance(algorithm.transformation);
                }
                openCipher.init(Cipher.DECRYPT_MODE, liveKey(), parameters(nonce));
                if (aad != null && aad.length > 0) {
                    openCipher.updateAAD(aad);
                }
                return openCipher.doFinal(sealed, offset, length, out, outOffset);
            } catch (AEADBadTagException e) {
                throw new CryptoException(Reason.TAMPERED, "authentication tag does not verify");
            } catch (java.security.InvalidAlgorithmParameterException e) {
                throw new CryptoException(Reason.MALFORMED, algorithm + " does not take this nonce: " + e.getMessage());
            } catch (GeneralSecurityException e) {
                throw new CryptoException(Reason.TAMPERED, algorithm + " refused the ciphertext: " + e.getMessage(), e);
            }
        }
    }

    /** Erases the key; the object refuses to seal or open afterwards. */
    public void destroy() {
        synchronized (sealLock) {
            synchronized (openLock) {
                key.destroy();
                sealCipher = null;
                openCipher = null;
            }
        }
    }

    public boolean isDestroyed() {
        return key.isDestroyed();
    }

    private SecretKey liveKey() {
        if (key.isDestroyed()) {
            throw new IllegalStateException("AEAD key was erased");
        }
        return key;
    }

    private java.security.spec.AlgorithmParameterSpec parameters(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        return algorithm == Algorithm.AES_GCM ? new GCMParameterSpec(TAG_BYTES * 8, nonce) : new IvParameterSpec(nonce);
    }

    private static void requireChunk(int length) {
        if (length < 0 || length > MAX_CHUNK) {
            throw new IllegalArgumentException("one AEAD call takes at most " + MAX_CHUNK + " bytes, not " + length);
        }
    }

    /** A JCA key whose bytes we can erase (SecretKeySpec cannot be destroyed). */
    private static final class ErasableKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private final String algorithm;
        private volatile boolean destroyed;

        ErasableKey(byte[] bytes, String algorithm) {
            this.bytes = bytes.clone();
            this.algorithm = algorithm;
        }

        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            if (destroyed) {
                throw new IllegalStateException("key destroyed");
            }
            return bytes.clone();
        }

        @Override
        public void destroy() {
            Arrays.fill(bytes, (byte) 0);
            destroyed = true;
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }
    }
}
