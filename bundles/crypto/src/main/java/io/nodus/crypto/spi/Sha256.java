package io.nodus.crypto.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 (JCA, hardware-accelerated where the CPU has it) and the key fingerprints people compare. */
public final class Sha256 {

    public static final int BYTES = 32;

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    public static byte[] hash(byte[]... parts) {
        MessageDigest d = digest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** Lower-case hex of SHA-256 of {@code key}: how revocation records and sessions name a key. */
    public static String fingerprint(byte[] key) {
        return HexFormat.of().formatHex(hash(key));
    }

    /** The fingerprint grouped for reading aloud: {@code 1a2b 3c4d ...} (16 groups of 4). */
    public static String displayFingerprint(byte[] key) {
        String hex = fingerprint(key);
        StringBuilder sb = new StringBuilder(hex.length() + 16);
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(hex, i, i + 4);
        }
        return sb.toString();
    }
}
