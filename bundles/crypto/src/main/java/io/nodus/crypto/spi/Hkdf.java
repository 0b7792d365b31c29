package io.nodus.crypto.spi;

import java.util.Objects;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with SHA-256 (RFC 5869), BouncyCastle lightweight API. */
public final class Hkdf {

    public static final int HASH_BYTES = 32;
    /** RFC 5869 section 2.3: L <= 255 * HashLen. */
    public static final int MAX_OUTPUT = 255 * HASH_BYTES;

    private Hkdf() {
    }

    /** Extract-then-expand; an empty or null salt means HashLen zero bytes (RFC 5869 section 2.2). */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        Objects.requireNonNull(ikm, "ikm");
        requireLength(length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** Expand only, from a pseudorandom key of at least HashLen bytes (RFC 5869 section 2.3). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        if (prk.length < HASH_BYTES) {
            throw new IllegalArgumentException("HKDF-Expand needs a PRK of at least " + HASH_BYTES + " bytes");
        }
        requireLength(length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static void requireLength(int length) {
        if (length < 1 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF-SHA256 output must be 1.." + MAX_OUTPUT + " bytes, not " + length);
        }
    }
}
