package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;

/**
 * The peer-ids spec "Test vectors": each private key yields the listed public key (the spec says implementations
 * SHOULD check this), signatures made with the private key verify against the public key, and each public key
 * gives its peer ID. The spec lists no IDs; the expected ones are published by go-libp2p
 * (p2p/http/auth/internal/handshake/handshake_test.go, Ed25519) and rust-libp2p (identity/src/keypair.rs, RSA),
 * and by independent ports for secp256k1 and ECDSA.
 */
class SpecKeyVectorsTest {

    private static final byte[] DATA = "spec vector payload".getBytes(StandardCharsets.UTF_8);

    @Test
    void ed25519() throws Exception {
        Ed25519PrivateKeyParameters key = Ed25519KeyFile.decode(SpecKeyVectors.get(SpecKeyVectors.ED25519_PRIVATE));
        byte[] expectedPublic = SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC);
        assertArrayEquals(expectedPublic, LibP2pKeys.encode(KeyType.ED25519, key.generatePublicKey().getEncoded()));
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(DATA, 0, DATA.length);
        assertSignatureVerifies(expectedPublic, signer.generateSignature());
        assertPeerId(expectedPublic, "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", true);
    }

    @Test
    void secp256k1() {
        LibP2pKeys.KeyMessage priv = LibP2pKeys.decode(SpecKeyVectors.get(SpecKeyVectors.SECP256K1_PRIVATE));
        assertEquals(KeyType.SECP256K1, priv.type());
        X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        BigInteger d = new BigInteger(1, priv.data());
        byte[] point = curve.getG().multiply(d).normalize().getEncoded(true);
        byte[] expectedPublic = SpecKeyVectors.get(SpecKeyVectors.SECP256K1_PUBLIC);
        assertArrayEquals(expectedPublic, LibP2pKeys.encode(KeyType.SECP256K1, point));
        BigInteger[] rs = SignatureVerifierTest.k1Sign(new ECPrivateKeyParameters(d, new ECDomainParameters(curve)),
                DATA);
        assertSignatureVerifies(expectedPublic, SignatureVerifierTest.der(rs[0], rs[1]));
        assertPeerId(expectedPublic, "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", true);
    }

    /** Spec "ECDSA": the private key is a DER (SEC1) EC key; the public key PKIX DER. */
    @Test
    void ecdsa() {
        LibP2pKeys.KeyMessage priv = LibP2pKeys.decode(SpecKeyVectors.get(SpecKeyVectors.ECDSA_PRIVATE));
        assertEquals(KeyType.ECDSA, priv.type());
        ECPrivateKey sec1 = ECPrivateKey.getInstance(priv.data());
        assertEquals(SECObjectIdentifiers.secp256r1, sec1.getParametersObject());
        X9ECParameters curve = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        ECPoint q = curve.getG().multiply(sec1.getKey()).normalize();
        byte[] expectedPublic = SpecKeyVectors.get(SpecKeyVectors.ECDSA_PUBLIC);
        assertArrayEquals(expectedPublic, LibP2pKeys.encode(KeyType.ECDSA,
                SignatureVerifierTest.spki(SECObjectIdentifiers.secp256r1, q.getEncoded(false))));
        BigInteger[] rs = SignatureVerifierTest.k1Sign(
                new ECPrivateKeyParameters(sec1.getKey(), new ECDomainParameters(curve)), DATA);
        assertSignatureVerifies(expectedPublic, SignatureVerifierTest.der(rs[0], rs[1]));
        assertPeerId(expectedPublic, "QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk", false);
    }

    /** Spec "RSA": the private key is PKCS#1 DER; the public key PKIX DER. */
    @Test
    void rsa() throws IOException, org.bouncycastle.crypto.CryptoException {
        LibP2pKeys.KeyMessage priv = LibP2pKeys.decode(SpecKeyVectors.get(SpecKeyVectors.RSA_PRIVATE));
        assertEquals(KeyType.RSA, priv.type());
        RSAPrivateKey k = RSAPrivateKey.getInstance(priv.data());
        AlgorithmIdentifier rsaEncryption = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                DERNull.INSTANCE);
        byte[] spki = new SubjectPublicKeyInfo(rsaEncryption, new RSAPublicKey(k.getModulus(), k.getPublicExponent()))
                .getEncoded(ASN1Encoding.DER);
        byte[] expectedPublic = SpecKeyVectors.get(SpecKeyVectors.RSA_PUBLIC);
        assertArrayEquals(expectedPublic, LibP2pKeys.encode(KeyType.RSA, spki));
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                k.getCoefficient()));
        signer.update(DATA, 0, DATA.length);
        assertSignatureVerifies(expectedPublic, signer.generateSignature());
        assertPeerId(expectedPublic, "QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG", false);
    }

    private static void assertSignatureVerifies(byte[] publicKeyMessage, byte[] signature) {
        assertTrue(SignatureVerifierTest.verify(publicKeyMessage, DATA, signature));
        assertFalse(SignatureVerifierTest.verify(publicKeyMessage, Ed25519NodeIdentityTest.flip(DATA, 0), signature));
    }

    private static void assertPeerId(byte[] publicKeyMessage, String expected, boolean identityHash) {
        PeerId id = PeerId.fromPublicKeyProtobuf(publicKeyMessage);
        assertEquals(expected, id.toString());
        assertEquals(identityHash, id.isIdentityHash());
        assertEquals(id, PeerId.parse(id.toCidString()));
    }
}
