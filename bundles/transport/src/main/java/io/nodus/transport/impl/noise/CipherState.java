package io.nodus.transport.impl.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise spec 5.1, the CipherState object, with the ChaChaPoly cipher functions (spec 12.3): a key {@code k}
 * and a 64-bit nonce {@code n}. One JCA {@link Cipher} is kept and re-initialised per message.
 * Not thread-safe.
 */
public final class CipherState {

    /** ChaChaPoly key length (spec 12.3). */
    public static final int KEY_LENGTH = 32;
    /** Poly1305 tag appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** The nonce 2^64-1 is reserved (spec 5.1): a CipherState whose n reached it refuses to work. */
    private static final long RESERVED_NONCE = -1L;
    private static final String TRANSFORMATION = "ChaCha20-Poly1305";

    private final Cipher cipher;
    private final byte[] iv = new byte[12];
    private SecretKeySpec key;
    private long nonce;

    /** InitializeKey(empty): a CipherState without a key passes data through unchanged. */
    public CipherState() {
        try {
            this.cipher = Cipher.getInstance(TRANSFORMATION);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("the JDK lacks " + TRANSFORMATION, e);
        }
    }

    /** InitializeKey(k): sets the key and resets the nonce to zero. */
    public void initializeKey(byte[] k) {
        if (k.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes");
        }
        key = new SecretKeySpec(k, "ChaCha20");
        nonce = 0;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The next nonce that will be used (for tests and diagnostics). */
    public long nonce() {
        return nonce;
    }

    /** Sets the nonce, as SetNonce() in spec 5.1. */
    public void setNonce(long n) {
        nonce = n;
    }

    /**
     * EncryptWithAd: writes {@code len + TAG_LENGTH} bytes to {@code out} (or {@code len} bytes when there is
     * no key). {@code in} and {@code out} may be the same array at the same offset.
     *
     * @return the number of bytes written
     */
    public int encryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        if (key == null) {
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }
        init(Cipher.ENCRYPT_MODE, ad);
        try {
            int written = cipher.doFinal(in, inOff, len, out, outOff);
            nonce++;
            return written;
        } catch (GeneralSecurityException e) {
            throw new NoiseException("encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * EncryptWithAd (no associated data) over a plaintext given in pieces, written contiguously to {@code out}
     * followed by the tag: the cipher reads heap pieces where they lie, so gathering them costs no copy; a piece
     * off the heap is first copied to its place in {@code out} and encrypted there. The pieces are not consumed.
     *
     * @return the number of bytes written (plaintext length + {@link #TAG_LENGTH})
     */
    public int encryptGathering(ByteBuffer[] pieces, byte[] out, int outOff) throws NoiseException {
        if (key == null) {
            throw new IllegalStateException("gathering encryption needs a key");
        }
        init(Cipher.ENCRYPT_MODE, null);
        try {
            int at = outOff;
            for (ByteBuffer piece : pieces) {
                int n = piece.remaining();
                if (piece.hasArray()) {
                    at += cipher.update(piece.array(), piece.arrayOffset() + piece.position(), n, out, at);
                } else {
                    piece.duplicate().get(out, at, n);
                    at += cipher.update(out, at, n, out, at);
                }
            }
            at += cipher.doFinal(out, at, 0, out, at);
            nonce++;
            return at - outOff;
        } catch (GeneralSecurityException e) {
            throw new NoiseException("encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * DecryptWithAd: writes {@code len - TAG_LENGTH} bytes to {@code out} (or {@code len} bytes when there is
     * no key). On an authentication failure the nonce is not advanced (spec 5.1).
     *
     * @return the number of bytes written
     */
    public int decryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) throws NoiseException {
        if (key == null) {
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }
        if (len < TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + len + " bytes is shorter than the tag");
        }
        init(Cipher.DECRYPT_MODE, ad);
        try {
            int written = cipher.doFinal(in, inOff, len, out, outOff);
            nonce++;
            return written;
        } catch (AEADBadTagException e) {
            throw new NoiseException("decryption failed: authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new NoiseException("decryption failed: " + e.getMessage(), e);
        }
    }

    /** EncryptWithAd returning a new array. */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        byte[] out = new byte[plaintext.length + (key == null ? 0 : TAG_LENGTH)];
        encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** DecryptWithAd returning a new array. */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext, int off, int len) throws NoiseException {
        if (key != null && len < TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + len + " bytes is shorter than the tag");
        }
        byte[] out = new byte[key == null ? len : len - TAG_LENGTH];
        decryptWithAd(ad, ciphertext, off, len, out, 0);
        return out;
    }

    private void init(int mode, byte[] ad) throws NoiseException {
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException("nonce exhausted: 2^64-1 messages on one key");
        }
        // ChaChaPoly nonce (spec 12.3): 32 bits of zeros followed by the little-endian 64-bit n.
        long n = nonce;
        for (int i = 4; i < 12; i++) {
            iv[i] = (byte) n;
            n >>>= 8;
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(iv));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new NoiseException("cipher initialisation failed: " + e.getMessage(), e);
        }
        if (ad != null && ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }
}
