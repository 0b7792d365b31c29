package io.nodus.transport.impl.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise spec 5.2, the SymmetricState object, with SHA-256 (spec 12.5): chaining key {@code ck}, handshake hash
 * {@code h} and the CipherState used during the handshake. HKDF is spec section 4.3 built on HMAC-SHA256.
 */
final class SymmetricState {

    static final int HASH_LENGTH = 32;

    private final CipherState cipherState = new CipherState();
    private final MessageDigest sha256;
    private final Mac hmac;
    private byte[] chainingKey;
    private byte[] hash;

    /** InitializeSymmetric(protocol_name). */
    SymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 / HmacSHA256", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
        chainingKey = hash.clone();
    }

    boolean hasKey() {
        return cipherState.hasKey();
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) throws NoiseException {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = out[0];
        cipherState.initializeKey(out[1]);
        Arrays.fill(out[1], (byte) 0);
    }

    void mixHash(byte[] data) {
        mixHash(data, 0, data.length);
    }

    void mixHash(byte[] data, int off, int len) {
        sha256.update(hash);
        sha256.update(data, off, len);
        hash = sha256.digest();
    }

    /** EncryptAndHash: appends the ciphertext of {@code plaintext} to {@code out} at {@code outOff}. */
    int encryptAndHash(byte[] plaintext, byte[] out, int outOff) throws NoiseException {
        int n = cipherState.encryptWithAd(hash, plaintext, 0, plaintext.length, out, outOff);
        mixHash(out, outOff, n);
        return n;
    }

    byte[] decryptAndHash(byte[] ciphertext, int off, int len) throws NoiseException {
        byte[] plaintext = cipherState.decryptWithAd(hash, ciphertext, off, len);
        mixHash(ciphertext, off, len);
        return plaintext;
    }

    /** Split(): the two transport CipherStates, initiator-to-responder first. */
    CipherState[] split() throws NoiseException {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        CipherState c1 = new CipherState();
        CipherState c2 = new CipherState();
        c1.initializeKey(keys[0]);
        c2.initializeKey(keys[1]);
        Arrays.fill(keys[0], (byte) 0);
        Arrays.fill(keys[1], (byte) 0);
        Arrays.fill(chainingKey, (byte) 0);
        return new CipherState[] {c1, c2};
    }

    /** HKDF(chaining_key, input_key_material, 2), spec 4.3. */
    private byte[][] hkdf(byte[] ck, byte[] ikm) throws NoiseException {
        try {
            hmac.init(new SecretKeySpec(ck, "HmacSHA256"));
            byte[] tempKey = hmac.doFinal(ikm);
            hmac.init(new SecretKeySpec(tempKey, "HmacSHA256"));
            byte[] out1 = hmac.doFinal(new byte[] {1});
            hmac.update(out1);
            byte[] out2 = hmac.doFinal(new byte[] {2});
            Arrays.fill(tempKey, (byte) 0);
            return new byte[][] {out1, out2};
        } catch (GeneralSecurityException e) {
            throw new NoiseException("HKDF failed: " + e.getMessage(), e);
        }
    }
}
