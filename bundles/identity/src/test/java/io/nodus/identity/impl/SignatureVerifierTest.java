package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verification of keys generated here with JCA (RSA, ECDSA) and BouncyCastle (secp256k1). */
class SignatureVerifierTest {

    private static final byte[] DATA = "libp2p signed payload".getBytes(StandardCharsets.UTF_8);
    private static final X9ECParameters K1 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters K1_DOMAIN = new ECDomainParameters(K1);

    private static KeyPair rsa;
    private static KeyPair p256;

    @BeforeAll
    static void generateKeys() throws GeneralSecurityException {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        p256 = ecKeyPair("secp256r1");
    }

    @Test
    void rsaPkcs1Sha256() throws GeneralSecurityException {
        byte[] key = LibP2pKeys.encode(KeyType.RSA, rsa.getPublic().getEncoded());
        byte[] sig = jcaSign("SHA256withRSA", rsa, DATA);
        assertTrue(verify(key, DATA, sig));
        assertFalse(verify(key, Ed25519NodeIdentityTest.flip(DATA, 0), sig));
        assertFalse(verify(key, DATA, Ed25519NodeIdentityTest.flip(sig, 5)));
        assertFalse(verify(key, DATA, jcaSign("SHA512withRSA", rsa, DATA)), "only SHA-256 is libp2p RSA");
        assertFalse(verify(key, DATA, new byte[0]));
    }

    @Test
    void rsaKeysOutsideTheSizeBoundsAreRejected() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        byte[] small = LibP2pKeys.encode(KeyType.RSA, gen.generateKeyPair().getPublic().getEncoded());
        var e = assertThrows(IllegalArgumentException.class, () -> verify(small, DATA, new byte[128]));
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void ecdsaP256AndP384Sha256() throws GeneralSecurityException {
        byte[] key = LibP2pKeys.encode(KeyType.ECDSA, p256.getPublic().getEncoded());
        byte[] sig = jcaSign("SHA256withECDSA", p256, DATA);
        assertTrue(verify(key, DATA, sig));
        assertFalse(verify(key, Ed25519NodeIdentityTest.flip(DATA, 3), sig));
        assertFalse(verify(key, DATA, Ed25519NodeIdentityTest.flip(sig, sig.length - 1)));
        assertFalse(verify(key, DATA, Arrays.copyOf(sig, sig.length + 1)), "trailing byte after the DER");

        KeyPair p384 = ecKeyPair("secp384r1");
        byte[] key384 = LibP2pKeys.encode(KeyType.ECDSA, p384.getPublic().getEncoded());
        assertTrue(verify(key384, DATA, jcaSign("SHA256withECDSA", p384, DATA)));
    }

    @Test
    void ecdsaOnAnUnlistedCurveIsRejected() {
        ECPublicKeyParameters pub = (ECPublicKeyParameters) secp256k1Pair().getPublic();
        byte[] spki = spki(SECObjectIdentifiers.secp256k1, pub.getQ().getEncoded(false));
        var e = assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.ECDSA, spki), DATA, new byte[8]));
        assertTrue(e.getMessage().contains("P-256, P-384 or P-521"), e.getMessage());
    }

    @Test
    void secp256k1CompressedAndUncompressed() {
        AsymmetricCipherKeyPair pair = secp256k1Pair();
        ECPublicKeyParameters pub = (ECPublicKeyParameters) pair.getPublic();
        BigInteger[] rs = k1Sign((ECPrivateKeyParameters) pair.getPrivate(), DATA);
        byte[] sig = der(rs[0], rs[1]);
        byte[] compressed = LibP2pKeys.encode(KeyType.SECP256K1, pub.getQ().getEncoded(true));
        assertEquals(37, compressed.length, "33-byte point, identity-hashed peer ID");
        assertTrue(verify(compressed, DATA, sig));
        assertTrue(verify(LibP2pKeys.encode(KeyType.SECP256K1, pub.getQ().getEncoded(false)), DATA, sig));
        assertFalse(verify(compressed, Ed25519NodeIdentityTest.flip(DATA, 1), sig));
        assertFalse(verify(compressed, DATA, der(rs[0], rs[1].add(BigInteger.ONE))));
        assertTrue(verify(compressed, DATA, der(rs[0], K1.getN().subtract(rs[1]))), "high-S is still valid ECDSA");
        assertFalse(verify(compressed, DATA, der(BigInteger.ZERO, rs[1])));
        assertFalse(verify(compressed, DATA, new byte[] {0x30, 0x00}));
    }

    @Test
    void secp256k1PointsOffTheCurveAreRejected() {
        byte[] bad = new byte[33];
        bad[0] = 0x02;
        Arrays.fill(bad, 1, 33, (byte) 0xff); // x >= p
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.SECP256K1, bad), DATA, new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.SECP256K1, new byte[32]), DATA, new byte[8]));
    }

    @Test
    void undecodableDerKeysAreRejected() {
        byte[] der = p256.getPublic().getEncoded();
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.ECDSA, Arrays.copyOf(der, der.length - 1)), DATA, new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.ECDSA, Arrays.copyOf(der, der.length + 1)), DATA, new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.RSA, der), DATA, new byte[8]), "an EC key labelled RSA");
        assertThrows(IllegalArgumentException.class,
                () -> verify(LibP2pKeys.encode(KeyType.RSA, new byte[] {1, 2, 3}), DATA, new byte[8]));
    }

    @Test
    void theComponentDelegatesToTheVerifier(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws GeneralSecurityException {
        Ed25519NodeIdentity id = new Ed25519NodeIdentity(new FixedNodeInfo(dir));
        byte[] key = LibP2pKeys.encode(KeyType.ECDSA, p256.getPublic().getEncoded());
        assertTrue(id.verify(key, DATA, jcaSign("SHA256withECDSA", p256, DATA)));
    }

    static boolean verify(byte[] keyMessage, byte[] data, byte[] sig) {
        return SignatureVerifier.verify(LibP2pKeys.decode(keyMessage), data, sig);
    }

    static byte[] jcaSign(String algorithm, KeyPair pair, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(data);
        return s.sign();
    }

    static BigInteger[] k1Sign(ECPrivateKeyParameters key, byte[] data) {
        SHA256Digest sha = new SHA256Digest();
        byte[] hash = new byte[32];
        sha.update(data, 0, data.length);
        sha.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        return signer.generateSignature(hash);
    }

    static byte[] der(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] spki(org.bouncycastle.asn1.ASN1ObjectIdentifier curve, byte[] point) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point)
                    .getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static AsymmetricCipherKeyPair secp256k1Pair() {
        ECKeyPairGenerator gen = new ECKeyPairGenerator();
        gen.init(new ECKeyGenerationParameters(K1_DOMAIN, new SecureRandom()));
        return gen.generateKeyPair();
    }

    private static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec(curve));
        return gen.generateKeyPair();
    }
}
