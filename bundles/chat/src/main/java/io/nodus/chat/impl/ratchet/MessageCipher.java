package io.nodus.chat.impl.ratchet;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ENCRYPT/DECRYPT of the Double Ratchet (section 3.1) as ChaCha20-Poly1305 (RFC 8439, JCA) under the key and
 * nonce expanded from one message key. Also seals file chunks under a per-transfer key with counter nonces.
 */
public final class MessageCipher {

    /** One AEAD call handles at most this much (larger payloads are chunked by the caller). */
    public static final int MAX_PLAINTEXT = 64 * 1024;
    public static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "ChaCha20-Poly1305";

    private MessageCipher() {
    }

    public static byte[] encrypt(byte[] messageKey, byte[] plaintext, byte[] associatedData) {
        byte[] material = RatchetKdf.messageKeyMaterial(messageKey);
        try {
            return seal(Arrays.copyOfRange(material, 0, RatchetKdf.KEY_BYTES),
                    Arrays.copyOfRange(material, RatchetKdf.KEY_BYTES, material.length), plaintext, associatedData);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    public static byte[] decrypt(byte[] messageKey, byte[] ciphertext, byte[] associatedData) throws RatchetException {
        byte[] material = RatchetKdf.messageKeyMaterial(messageKey);
        try {
            return open(Arrays.copyOfRange(material, 0, RatchetKdf.KEY_BYTES),
                    Arrays.copyOfRange(material, RatchetKdf.KEY_BYTES, material.length), ciphertext, associatedData);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("one AEAD call seals at most " + MAX_PLAINTEXT + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            c.updateAAD(associatedData);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is a required JCA algorithm since Java 11", e);
        }
    }

    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] associatedData)
            throws RatchetException {
        if (ciphertext.length < TAG_BYTES || ciphertext.length > MAX_PLAINTEXT + TAG_BYTES) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "ciphertext of " + ciphertext.length
                    + " bytes is outside 16.." + (MAX_PLAINTEXT + TAG_BYTES));
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            c.updateAAD(associatedData);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new RatchetException(RatchetException.Reason.TAMPERED, "authentication tag does not verify");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is a required JCA algorithm since Java 11", e);
        }
    }
}
