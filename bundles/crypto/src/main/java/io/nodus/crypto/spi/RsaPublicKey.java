package io.nodus.crypto.spi;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * An RSA public key (DER SubjectPublicKeyInfo, 2048..8192 bits): RSAES-OAEP with SHA-256 and MGF1-SHA-256
 * encryption, RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) and RSASSA-PKCS1-v1_5 (SHA-256) verification.
 * BouncyCastle lightweight API.
 */
public final class RsaPublicKey {

    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;
    /** RSASSA-PSS salt length: the hash length (RFC 8017 section 9.1 recommends it). */
    public static final int PSS_SALT_BYTES = 32;

    private final RSAKeyParameters key;
    private final byte[] der;

    RsaPublicKey(RSAKeyParameters key, byte[] der) {
        this.key = key;
        this.der = der;
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a canonical DER RSA SubjectPublicKeyInfo of an accepted
     *         size
     */
    public static RsaPublicKey fromDer(byte[] der) {
        Objects.requireNonNull(der, "der");
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), der)) {
                throw new IllegalArgumentException("RSA public key is not canonical DER");
            }
            if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
                throw new IllegalArgumentException("not an rsaEncryption key: " + info.getAlgorithm().getAlgorithm());
            }
            RSAKeyParameters key = (RSAKeyParameters) PublicKeyFactory.createKey(info);
            requireSize(key.getModulus().bitLength());
            return new RsaPublicKey(key, der.clone());
        } catch (IOException | ClassCastException | IllegalStateException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
        }
    }

    static void requireSize(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
        }
    }

    public byte[] der() {
        return der.clone();
    }

    public int bits() {
        return key.getModulus().bitLength();
    }

    /** RSAES-OAEP-SHA256 encryption of a short message (at most {@code bytes - 66}). */
    public byte[] encryptOaep(byte[] message, byte[] label, SecureRandom random) {
        AsymmetricBlockCipher oaep = oaep(label);
        oaep.init(true, new ParametersWithRandom(key, random));
        try {
            return oaep.processBlock(message, 0, message.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("message too long for RSA-OAEP: " + e.getMessage(), e);
        }
    }

    /** RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) verification; anything malformed is false. */
    public boolean verifyPss(byte[] message, byte[] signature) {
        try {
            PSSSigner pss = new PSSSigner(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), PSS_SALT_BYTES);
            pss.init(false, key);
            pss.update(message, 0, message.length);
            return pss.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** RSASSA-PKCS1-v1_5 with SHA-256 (the libp2p RSA identity signature) verification. */
    public boolean verifyPkcs1Sha256(byte[] message, byte[] signature) {
        try {
            RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
            signer.init(false, key);
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static AsymmetricBlockCipher oaep(byte[] label) {
        return new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), label);
    }
}
