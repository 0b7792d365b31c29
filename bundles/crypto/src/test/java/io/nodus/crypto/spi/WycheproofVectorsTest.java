package io.nodus.crypto.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.crypto.spi.Wycheproof.Outcome;

/** The Wycheproof vectors, through this bundle's own wrappers (not the underlying JCA/BouncyCastle calls). */
class WycheproofVectorsTest {

    @Test
    void aesGcm() throws Exception {
        assertEquals(316, Wycheproof.run("aes_gcm_test.json", c -> aead(c, true)));
    }

    @Test
    void chaCha20Poly1305() throws Exception {
        assertEquals(325, Wycheproof.run("chacha20_poly1305_test.json", c -> aead(c, false)));
    }

    private static Outcome aead(Wycheproof.Case c, boolean aes) {
        byte[] key = c.hex("key");
        byte[] iv = c.hex("iv");
        byte[] aad = c.hex("aad");
        byte[] msg = c.hex("msg");
        byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
        Aead opener;
        try {
            opener = aes ? Aead.aesGcm(key) : Aead.chaCha20Poly1305(key);
        } catch (IllegalArgumentException e) {
            return Outcome.refused();
        }
        byte[] opened;
        try {
            opened = opener.open(iv, aad, sealed);
        } catch (CryptoException | IllegalArgumentException e) {
            return Outcome.refused();
        }
        boolean matches = Arrays.equals(opened, msg);
        if (c.verdict() == Wycheproof.Verdict.VALID) {
            // and sealing gives exactly the vector's ciphertext and tag
            Aead sealer = aes ? Aead.aesGcm(key) : Aead.chaCha20Poly1305(key);
            matches &= Arrays.equals(sealer.seal(iv, aad, msg), sealed);
        }
        return Outcome.passed(matches);
    }

    @Test
    void x25519() throws Exception {
        assertEquals(518, Wycheproof.run("x25519_test.json", c -> {
            try {
                return Outcome.passed(Arrays.equals(X25519.agree(c.hex("private"), c.hex("public")), c.hex("shared")));
            } catch (CryptoException e) {
                return Outcome.refused();
            }
        }));
    }

    @Test
    void ed25519() throws Exception {
        assertEquals(151, Wycheproof.run("ed25519_test.json", c -> {
            byte[] pk = java.util.HexFormat.of().parseHex(c.group().getAsJsonObject("publicKey").get("pk").getAsString());
            return Ed25519.verify(pk, c.hex("msg"), c.hex("sig")) ? Outcome.passed(true) : Outcome.refused();
        }));
    }

    @Test
    void hkdfSha256() throws Exception {
        assertEquals(86, Wycheproof.run("hkdf_sha256_test.json", c -> {
            try {
                byte[] okm = Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), c.test().get("size").getAsInt());
                return Outcome.passed(Arrays.equals(okm, c.hex("okm")));
            } catch (IllegalArgumentException e) {
                return Outcome.refused();
            }
        }));
    }

    @Test
    void rsaOaep2048Sha256() throws Exception {
        assertEquals(37, Wycheproof.run("rsa_oaep_2048_sha256_mgf1sha256_test.json", c -> {
            RsaPrivateKey key = RsaPrivateKey.fromPkcs8(c.groupHex("privateKeyPkcs8"));
            try {
                return Outcome.passed(Arrays.equals(key.decryptOaep(c.hex("ct"), c.hex("label")), c.hex("msg")));
            } catch (CryptoException e) {
                return Outcome.refused();
            }
        }));
    }

    @Test
    void rsaPss2048Sha256() throws Exception {
        assertEquals(108, Wycheproof.run("rsa_pss_2048_sha256_mgf1_32_test.json", c -> {
            RsaPublicKey key = RsaPublicKey.fromDer(c.groupHex("publicKeyDer"));
            return key.verifyPss(c.hex("msg"), c.hex("sig")) ? Outcome.passed(true) : Outcome.refused();
        }));
    }

    @Test
    void rsaPkcs1Sha256Signatures() throws Exception {
        assertEquals(259, Wycheproof.run("rsa_signature_2048_sha256_test.json", c -> {
            RsaPublicKey key = RsaPublicKey.fromDer(c.groupHex("publicKeyDer"));
            return key.verifyPkcs1Sha256(c.hex("msg"), c.hex("sig")) ? Outcome.passed(true) : Outcome.refused();
        }));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
