package io.nodus.crypto.asymmetric.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.impl.TestNetwork;
import io.nodus.crypto.impl.TestNode;

/** Mode {@code asymmetric} between nodes through the real encryption service: HPKE and the RSA variant. */
class AsymmetricModeTest {

    static final byte[] AAD = "model-update/round-7".getBytes(StandardCharsets.UTF_8);
    static final SecureRandom RANDOM = new SecureRandom();

    private final TestNetwork net = new TestNetwork();

    @AfterEach
    void close() {
        net.close();
    }

    private TestNode node(String name, KeyType... types) {
        TestNode n = net.node(name);
        n.addMode(new AsymmetricMode(n.staticKeys(), EnumSet.copyOf(Set.of(types))));
        return n;
    }

    @Test
    void hpkeBetweenPeersWithX25519KeysForSmallAndChunkedPayloads() throws Exception {
        TestNode a = node("a", KeyType.X25519);
        TestNode b = node("b", KeyType.X25519);
        for (int size : new int[] {0, 100, 65_536, 1024 * 1024 + 1}) {
            byte[] p = random(size);
            byte[] sealed = a.service().seal(b.peerId(), p, AAD);
            assertArrayEquals(p, b.service().open(a.peerId(), sealed, AAD));
            byte[] back = b.service().seal(a.peerId(), p, AAD);
            assertArrayEquals(p, a.service().open(b.peerId(), back, AAD));
        }
        assertEquals("asymmetric", a.service().session(b.peerId()).orElseThrow().mode());
        byte[] one = a.service().seal(b.peerId(), new byte[8], AAD);
        byte[] two = a.service().seal(b.peerId(), new byte[8], AAD);
        assertNotEquals(java.util.Arrays.toString(one), java.util.Arrays.toString(two), "fresh HPKE encapsulation");
    }

    @Test
    void rsaOaepAndPssWithAPeerThatHasOnlyRsaKeys() throws Exception {
        TestNode a = node("a", KeyType.X25519, KeyType.RSA);
        TestNode rsaOnly = node("legacy", KeyType.RSA);
        byte[] p = random(70_000);
        byte[] sealed = a.service().seal(rsaOnly.peerId(), p, AAD);
        assertArrayEquals(p, rsaOnly.service().open(a.peerId(), sealed, AAD));
        byte[] back = rsaOnly.service().seal(a.peerId(), p, AAD);
        assertArrayEquals(p, a.service().open(rsaOnly.peerId(), back, AAD));
        byte[] tampered = back.clone();
        tampered[tampered.length - 300] ^= 1;
        refused(Reason.BAD_SIGNATURE, () -> a.service().open(rsaOnly.peerId(), tampered, AAD));
    }

    @Test
    void peersWithNoKeyTypeInCommonGetNoSession() {
        TestNode a = node("a", KeyType.X25519);
        TestNode rsaOnly = node("legacy", KeyType.RSA);
        CryptoException e = refused(Reason.NO_COMMON_MODE, () -> a.service().establish(rsaOnly.peerId()));
        assertTrue(e.getMessage().contains("no key type in common"), e.getMessage());
        assertTrue(rsaOnly.service().session(a.peerId()).isEmpty());
    }

    @Test
    void theSignatureIsCheckedBeforeDecryptionAndTamperingLeavesTheSession() throws Exception {
        TestNode a = node("a", KeyType.X25519);
        TestNode b = node("b", KeyType.X25519);
        byte[] p = random(5000);
        byte[] sealed = a.service().seal(b.peerId(), p, AAD);
        byte[] ciphertext = sealed.clone();
        ciphertext[sealed.length - 200] ^= 1;
        CryptoException e = refused(Reason.BAD_SIGNATURE, () -> b.service().open(a.peerId(), ciphertext, AAD));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        byte[] signature = sealed.clone();
        signature[sealed.length - 1] ^= 1;
        refused(Reason.BAD_SIGNATURE, () -> b.service().open(a.peerId(), signature, AAD));
        refused(Reason.BAD_SIGNATURE, () -> b.service().open(a.peerId(), sealed, "other".getBytes()));
        assertArrayEquals(p, b.service().open(a.peerId(), sealed, AAD));
        CryptoException replay = refused(Reason.REPLAY, () -> b.service().open(a.peerId(), sealed, AAD));
        assertTrue(replay.getMessage().contains("already accepted"), replay.getMessage());
    }

    @Test
    void onlyTheRecipientCanOpen() throws Exception {
        TestNode a = node("a", KeyType.X25519);
        TestNode b = node("b", KeyType.X25519);
        TestNode c = node("c", KeyType.X25519);
        a.service().establish(c.peerId());
        byte[] forB = a.service().seal(b.peerId(), random(10), AAD);
        refused(Reason.WRONG_RECIPIENT, () -> c.service().open(a.peerId(), forB, AAD));
    }

    @Test
    void aRevokedStaticKeyEndsTheSessionAndTheNextUsesTheNewKey() throws Exception {
        TestNode a = node("a", KeyType.X25519);
        TestNode b = node("b", KeyType.X25519);
        String before = a.service().establish(b.peerId()).sessionId();
        byte[] oldKey = b.staticKeys().x25519(LocalKeys.X25519_PURPOSE).publicKey();

        b.revokeStaticKeys();

        assertTrue(a.service().session(b.peerId()).isEmpty(), "a dropped the session using b's revoked key");
        assertTrue(b.service().session(a.peerId()).isEmpty(), "b dropped it too");
        byte[] sealed = a.service().seal(b.peerId(), random(10), AAD);
        assertNotEquals(before, a.service().session(b.peerId()).orElseThrow().sessionId());
        b.service().open(a.peerId(), sealed, AAD);
        assertNotEquals(java.util.HexFormat.of().formatHex(oldKey), java.util.HexFormat.of()
                .formatHex(b.staticKeys().x25519(LocalKeys.X25519_PURPOSE).publicKey()));
    }

    @Test
    void anUpdatedProviderTakesOverTheSession() throws Exception {
        TestNode a = node("a", KeyType.X25519);
        TestNode b = net.node("b");
        AsymmetricMode v1 = new AsymmetricMode(b.staticKeys(), EnumSet.of(KeyType.X25519));
        long bundle = b.addMode(v1);
        byte[] toB = a.service().seal(b.peerId(), random(10), AAD);
        b.removeMode(v1);
        b.addMode(new AsymmetricMode(b.staticKeys(), EnumSet.of(KeyType.X25519)), bundle);
        assertEquals(10, b.service().open(a.peerId(), toB, AAD).length);
        refused(Reason.REPLAY, () -> b.service().open(a.peerId(), toB, AAD));
        assertEquals(1, net.requests());
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
