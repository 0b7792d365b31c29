package io.nodus.identity.impl;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Verifies signatures made with any libp2p key type, as the peer-ids spec's "Key Types" sections define them.
 * An undecodable or unsupported key is an {@link IllegalArgumentException}; a malformed or wrong signature is
 * simply {@code false}. BouncyCastle lightweight API only.
 */
final class SignatureVerifier {

    /** go-libp2p's bounds for RSA keys (MinRsaKeyBits, maxRsaKeyBits). */
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    static final int ED25519_KEY_BYTES = 32;
    static final int ED25519_SIGNATURE_BYTES = 64;
    /** The NIST curves Go's x509 (and so go-libp2p ECDSA keys) can use. */
    private static final Set<ASN1ObjectIdentifier> ECDSA_CURVES = Set.of(
            SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);
    private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters SECP256K1_DOMAIN = new ECDomainParameters(SECP256K1);

    private SignatureVerifier() {
    }

    static boolean verify(LibP2pKeys.KeyMessage key, byte[] data, byte[] signature) {
        return switch (key.type()) {
            case ED25519 -> verifyEd25519(key.data(), data, signature);
            case RSA -> verifyRsa(key.data(), data, signature);
            case SECP256K1 -> verifyEcdsaSha256(secp256k1Key(key.data()), data, signature);
            case ECDSA -> verifyEcdsaSha256(ecdsaKey(key.data()), data, signature);
        };
    }

    /** Spec "Ed25519": the raw 32-byte key; RFC 8032 signatures. */
    private static boolean verifyEd25519(byte[] key, byte[] data, byte[] signature) {
        if (key.length != ED25519_KEY_BYTES) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, not " + key.length);
        }
        if (signature.length != ED25519_SIGNATURE_BYTES) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key, 0));
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    /** Spec "RSA": PKIX DER public key; RSASSA-PKCS1-v1_5 with SHA-256. */
    private static boolean verifyRsa(byte[] der, byte[] data, byte[] signature) {
        SubjectPublicKeyInfo info = subjectPublicKeyInfo(der, "RSA");
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("RSA key's algorithm is " + info.getAlgorithm().getAlgorithm()
                    + ", not rsaEncryption");
        }
        RSAKeyParameters key = (RSAKeyParameters) publicKey(info, "RSA");
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw new IllegalArgumentException("RSA key of " + bits + " bits is outside " + MIN_RSA_BITS + ".."
                    + MAX_RSA_BITS);
        }
        RSADigestSigner verifier = new RSADigestSigner(new SHA256Digest());
        verifier.init(false, key);
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    /** Spec "Secp256k1": the Bitcoin (SEC1) point encoding, compressed (33 bytes) or uncompressed (65). */
    private static ECPublicKeyParameters secp256k1Key(byte[] point) {
        if (point.length != 33 && point.length != 65) {
            throw new IllegalArgumentException("secp256k1 public key must be a 33- or 65-byte SEC1 point, not "
                    + point.length + " bytes");
        }
        try {
            return new ECPublicKeyParameters(SECP256K1.getCurve().decodePoint(point), SECP256K1_DOMAIN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secp256k1 public key is not a point on the curve: "
                    + e.getMessage(), e);
        }
    }

    /** Spec "ECDSA": PKIX DER public key on a named NIST curve. */
    private static ECPublicKeyParameters ecdsaKey(byte[] der) {
        SubjectPublicKeyInfo info = subjectPublicKeyInfo(der, "ECDSA");
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                || !(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)
                || !ECDSA_CURVES.contains(curve)) {
            throw new IllegalArgumentException("ECDSA key must be an EC key on P-256, P-384 or P-521, given as a"
                    + " named curve");
        }
        return (ECPublicKeyParameters) publicKey(info, "ECDSA");
    }

    /** Spec "Secp256k1"/"ECDSA": SHA-256 of the message, DER-encoded (r, s). */
    private static boolean verifyEcdsaSha256(ECPublicKeyParameters key, byte[] data, byte[] signature) {
        BigInteger[] rs = derSignature(signature);
        if (rs == null) {
            return false;
        }
        SHA256Digest sha = new SHA256Digest();
        byte[] hash = new byte[sha.getDigestSize()];
        sha.update(data, 0, data.length);
        sha.doFinal(hash, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(hash, rs[0], rs[1]);
    }

    /** Strict DER {@code SEQUENCE { r INTEGER, s INTEGER }}, or null when the bytes are anything else. */
    private static BigInteger[] derSignature(byte[] signature) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            if (seq.size() != 2 || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), signature)) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            return r.signum() > 0 && s.signum() > 0 ? new BigInteger[] {r, s} : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static SubjectPublicKeyInfo subjectPublicKeyInfo(byte[] der, String type) {
        SubjectPublicKeyInfo info;
        byte[] canonical;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            canonical = info.getEncoded(ASN1Encoding.DER);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " public key is not a DER SubjectPublicKeyInfo: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(canonical, der)) {
            throw new IllegalArgumentException(type + " public key is not canonical DER");
        }
        return info;
    }

    private static AsymmetricKeyParameter publicKey(SubjectPublicKeyInfo info, String type) {
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            if (key.isPrivate()) {
                throw new IllegalArgumentException(type + " key is private");
            }
            return key;
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(type + " public key cannot be decoded: " + e.getMessage(), e);
        }
    }
}
