package io.nodus.chat.impl.ratchet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The Double Ratchet's key derivation functions (Signal "The Double Ratchet Algorithm", revision 1, section 5.2,
 * recommended cryptographic algorithms): KDF_RK is HKDF-SHA256 salted with the root key, KDF_CK is HMAC-SHA256
 * keyed by the chain key with constant inputs 0x01 (message key) and 0x02 (next chain key). Message keys are
 * expanded with HKDF into an AEAD key and nonce (section 5.2 allows an AEAD whose nonce comes from the key, since
 * every message key encrypts exactly one message).
 */
public final class RatchetKdf {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    /** HKDF info of KDF_RK: application-specific, as section 5.2 asks. */
    public static final byte[] ROOT_INFO = "nodus-chat/ratchet/root".getBytes(StandardCharsets.US_ASCII);
    /** HKDF info of the message-key expansion. */
    public static final byte[] MESSAGE_INFO = "nodus-chat/ratchet/message".getBytes(StandardCharsets.US_ASCII);
    private static final byte MESSAGE_KEY_INPUT = 0x01;
    private static final byte CHAIN_KEY_INPUT = 0x02;

    private RatchetKdf() {
    }

    /** KDF_RK(rk, dh_out): returns 64 bytes, the new root key then the new chain key. */
    public static byte[][] rootStep(byte[] rootKey, byte[] dhOutput) {
        byte[] out = hkdf(rootKey, dhOutput, ROOT_INFO, 2 * KEY_BYTES);
        byte[][] split = {java.util.Arrays.copyOfRange(out, 0, KEY_BYTES),
                java.util.Arrays.copyOfRange(out, KEY_BYTES, 2 * KEY_BYTES)};
        java.util.Arrays.fill(out, (byte) 0);
        return split;
    }

    /** KDF_CK(ck): returns the next chain key and the message key. */
    public static byte[][] chainStep(byte[] chainKey) {
        return new byte[][] {hmac(chainKey, CHAIN_KEY_INPUT), hmac(chainKey, MESSAGE_KEY_INPUT)};
    }

    /** Expands a message key into the AEAD key (32 bytes) followed by its nonce (12 bytes). */
    public static byte[] messageKeyMaterial(byte[] messageKey) {
        return hkdf(new byte[KEY_BYTES], messageKey, MESSAGE_INFO, KEY_BYTES + NONCE_BYTES);
    }

    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(new byte[] {input});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JCA algorithm", e);
        }
    }
}
