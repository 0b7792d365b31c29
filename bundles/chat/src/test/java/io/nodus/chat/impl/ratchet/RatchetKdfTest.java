package io.nodus.chat.impl.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Known answers for the KDF chains: every value is derived again in the test straight from the definitions in the
 * Double Ratchet spec (section 5.2) and X3DH spec (section 2.2), with the JDK only (see {@link SpecKdf}).
 */
class RatchetKdfTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        String okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";
        assertEquals(okm, HEX.formatHex(RatchetKdf.hkdf(salt, ikm, info, 42)));
        assertEquals(okm, HEX.formatHex(SpecKdf.hkdf(salt, ikm, info, 42)), "the test's own HKDF is right too");
    }

    @Test
    void chainKeyStepIsHmacWithConstants0x01And0x02() throws Exception {
        byte[] ck = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] expectedMk = SpecKdf.hmac(ck, new byte[] {0x01});
        byte[] expectedNext = SpecKdf.hmac(ck, new byte[] {0x02});
        byte[][] step = RatchetKdf.chainStep(ck);
        assertArrayEquals(expectedNext, step[0]);
        assertArrayEquals(expectedMk, step[1]);
        // three links of the chain
        byte[] c = ck;
        for (int i = 0; i < 3; i++) {
            byte[][] s = RatchetKdf.chainStep(c);
            assertArrayEquals(SpecKdf.hmac(c, new byte[] {0x01}), s[1], "message key " + i);
            c = SpecKdf.hmac(c, new byte[] {0x02});
            assertArrayEquals(c, s[0], "chain key " + (i + 1));
        }
    }

    @Test
    void rootStepIsHkdfSaltedWithTheRootKey() throws Exception {
        byte[] rk = new byte[32];
        byte[] dh = new byte[32];
        for (int i = 0; i < 32; i++) {
            rk[i] = (byte) i;
            dh[i] = (byte) (0xA0 + i);
        }
        byte[] out = SpecKdf.hkdf(rk, dh, "nodus-chat/ratchet/root".getBytes(StandardCharsets.US_ASCII), 64);
        byte[][] step = RatchetKdf.rootStep(rk, dh);
        assertArrayEquals(SpecKdf.range(out, 0, 32), step[0]);
        assertArrayEquals(SpecKdf.range(out, 32, 64), step[1]);
    }

    @Test
    void x3dhSharedKeyIsHkdfOverFAndTheFourDhOutputs() throws Exception {
        SecureRandom r = new SecureRandom();
        X25519KeyPair ikA = X25519KeyPair.generate(r);
        X25519KeyPair ek = X25519KeyPair.generate(r);
        X25519KeyPair ikB = X25519KeyPair.generate(r);
        X25519KeyPair spkB = X25519KeyPair.generate(r);
        X25519KeyPair opkB = X25519KeyPair.generate(r);
        byte[] peerA = {1, 2, 3};
        byte[] peerB = {4, 5};

        X3dh.Agreement a = X3dh.initiate(ikA, ek, ikB.publicKey(), spkB.publicKey(), opkB.publicKey(), peerA, peerB);
        X3dh.Agreement b = X3dh.respond(ikB, spkB, opkB, ikA.publicKey(), ek.publicKey(), peerA, peerB);

        byte[] f = new byte[32];
        java.util.Arrays.fill(f, (byte) 0xFF);
        byte[] km = SpecKdf.concat(f, SpecKdf.x25519(privateOf(ikA), spkB.publicKey()),
                SpecKdf.x25519(privateOf(ek), ikB.publicKey()), SpecKdf.x25519(privateOf(ek), spkB.publicKey()),
                SpecKdf.x25519(privateOf(ek), opkB.publicKey()));
        byte[] sk = SpecKdf.hkdf(new byte[32], km, "nodus-chat/x3dh".getBytes(StandardCharsets.US_ASCII), 32);
        assertArrayEquals(sk, a.sharedKey());
        assertArrayEquals(sk, b.sharedKey());
        byte[] ad = SpecKdf.concat(ikA.publicKey(), ikB.publicKey(), new byte[] {3}, peerA, new byte[] {2}, peerB);
        assertArrayEquals(ad, a.associatedData());
        assertArrayEquals(ad, b.associatedData());
    }

    @Test
    void firstMessageDecryptsWithKeysDerivedByTheSpec() throws Exception {
        SecureRandom r = new SecureRandom();
        byte[] sk = new byte[32];
        r.nextBytes(sk);
        X25519KeyPair bobSpk = X25519KeyPair.generate(r);
        byte[] ad = "AD".getBytes(StandardCharsets.US_ASCII);
        DoubleRatchet alice = DoubleRatchet.initAlice(sk, bobSpk.publicKey(), ad, DoubleRatchet.Limits.DEFAULT, r);
        byte[] text = "hello bob".getBytes(StandardCharsets.UTF_8);

        DoubleRatchet.Sealed m0 = alice.encrypt(text);
        DoubleRatchet.Sealed m1 = alice.encrypt(text);

        // RatchetInitAlice: RK, CKs = KDF_RK(SK, DH(DHs, DHr)); the spec's DH computed from Bob's side
        byte[] dh = SpecKdf.x25519(privateOf(bobSpk), m0.header().dh());
        byte[] rkCk = SpecKdf.hkdf(sk, dh, "nodus-chat/ratchet/root".getBytes(StandardCharsets.US_ASCII), 64);
        byte[] ck = SpecKdf.range(rkCk, 32, 64);
        for (DoubleRatchet.Sealed m : new DoubleRatchet.Sealed[] {m0, m1}) {
            byte[] mk = SpecKdf.hmac(ck, new byte[] {0x01});
            ck = SpecKdf.hmac(ck, new byte[] {0x02});
            byte[] material = SpecKdf.hkdf(new byte[32], mk,
                    "nodus-chat/ratchet/message".getBytes(StandardCharsets.US_ASCII), 44);
            byte[] aad = SpecKdf.concat(ByteBuffer.allocate(4).putInt(ad.length).array(), ad, m.header().encode());
            byte[] plain = SpecKdf.chaChaOpen(SpecKdf.range(material, 0, 32), SpecKdf.range(material, 32, 44), aad,
                    m.ciphertext());
            assertArrayEquals(text, plain);
        }
        assertEquals(0, m0.header().n());
        assertEquals(1, m1.header().n());
    }

    private static byte[] privateOf(X25519KeyPair pair) throws Exception {
        java.lang.reflect.Field f = X25519KeyPair.class.getDeclaredField("privateKey");
        f.setAccessible(true);
        return ((byte[]) f.get(pair)).clone();
    }
}
