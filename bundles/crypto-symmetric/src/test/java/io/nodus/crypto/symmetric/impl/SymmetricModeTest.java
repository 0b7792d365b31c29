package io.nodus.crypto.symmetric.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.crypto.impl.TestNetwork;
import io.nodus.crypto.impl.TestNode;

/** Mode {@code symmetric} between two nodes through the real encryption service. */
class SymmetricModeTest {

    static final byte[] AAD = "chat/room-1".getBytes(StandardCharsets.UTF_8);
    static final SecureRandom RANDOM = new SecureRandom();

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");
    private EncryptionService as;
    private EncryptionService bs;

    @BeforeEach
    void setUp() {
        a.addMode(new SymmetricMode());
        b.addMode(new SymmetricMode());
        as = a.service();
        bs = b.service();
    }

    @AfterEach
    void close() {
        net.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1024, 65_536, 65_537, 1024 * 1024 + 3})
    void payloadsOfEverySizeRoundTripInBothDirections(int size) throws Exception {
        byte[] p = random(size);
        byte[] sealed = as.seal(b.peerId(), p, AAD);
        assertEquals("symmetric", as.session(b.peerId()).orElseThrow().mode());
        assertFalse(size >= 16 && contains(sealed, java.util.Arrays.copyOf(p, 16)), "plaintext does not show");
        assertArrayEquals(p, bs.open(a.peerId(), sealed, AAD));
        byte[] back = bs.seal(a.peerId(), p, AAD);
        assertArrayEquals(p, as.open(b.peerId(), back, AAD));
    }

    @Test
    void aChangedByteAnywhereIsRefusedAndTheSessionStaysIntact() throws Exception {
        byte[] p = random(200_000);
        byte[] sealed = as.seal(b.peerId(), p, AAD);
        for (int pos : new int[] {sealed.length - 1, sealed.length - 100_000, sealed.length - p.length - 20}) {
            byte[] t = sealed.clone();
            t[pos] ^= 0x40;
            CryptoException e = refused(Reason.TAMPERED, () -> bs.open(a.peerId(), t, AAD));
            assertTrue(e.getMessage().contains("authentication"), e.getMessage());
        }
        byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 17);
        refused(Reason.MALFORMED, () -> bs.open(a.peerId(), truncated, AAD));
        assertArrayEquals(p, bs.open(a.peerId(), sealed, AAD), "the genuine payload still opens");
    }

    @Test
    void eachPayloadIsAcceptedOnceButMayArriveOutOfOrder() throws Exception {
        byte[] first = as.seal(b.peerId(), bytes("1"), AAD);
        byte[] second = as.seal(b.peerId(), bytes("2"), AAD);
        assertEquals("2", text(bs.open(a.peerId(), second, AAD)));
        assertEquals("1", text(bs.open(a.peerId(), first, AAD)));
        CryptoException e = refused(Reason.REPLAY, () -> bs.open(a.peerId(), first, AAD));
        assertTrue(e.getMessage().contains("already accepted"), e.getMessage());
        refused(Reason.REPLAY, () -> bs.open(a.peerId(), second, AAD));
        assertEquals(2, bs.session(a.peerId()).orElseThrow().messagesOpened());
    }

    @Test
    void afterTheMessageLimitANewKeyIsUsedAndTheReceiverFollows() throws Exception {
        a.configure(Map.of("rotation.messages", "3"));
        byte[][] sealed = new byte[10][];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = as.seal(b.peerId(), bytes("m" + i), AAD);
        }
        assertEquals(3, as.session(b.peerId()).orElseThrow().keyEpoch(), "10 messages at 3 per key: epochs 0..3");
        assertEquals(1, as.session(b.peerId()).orElseThrow().messagesSealed());
        assertEquals(0, epochOf(sealed[2]));
        assertEquals(1, epochOf(sealed[3]));
        assertEquals(3, epochOf(sealed[9]));
        for (int i = 0; i < 4; i++) {
            assertEquals("m" + i, text(bs.open(a.peerId(), sealed[i], AAD)));
        }
        assertEquals("m9", text(bs.open(a.peerId(), sealed[9], AAD)), "jumps ahead to epoch 3");
        assertEquals("m8", text(bs.open(a.peerId(), sealed[8], AAD)), "epoch 2, just before the newest, still opens");
        assertEquals("m6", text(bs.open(a.peerId(), sealed[6], AAD)));
        // epoch 1's key was erased when the receiver moved to epoch 3
        CryptoException e = refused(Reason.STALE, () -> bs.open(a.peerId(), sealed[4], AAD));
        assertTrue(e.getMessage().contains("erased"), e.getMessage());
    }

    @Test
    void afterTheByteLimitTheKeyRotatesToo() throws Exception {
        a.configure(Map.of("rotation.bytes", "1000"));
        byte[] one = as.seal(b.peerId(), random(1000), AAD);
        byte[] two = as.seal(b.peerId(), random(10), AAD);
        assertEquals(0, epochOf(one));
        assertEquals(1, epochOf(two));
        bs.open(a.peerId(), one, AAD);
        bs.open(a.peerId(), two, AAD);
    }

    @Test
    void rotateRunsAFreshExchangeAndPayloadsUnderWayStillOpenForAWhile() throws Exception {
        String first = as.establish(b.peerId()).sessionId();
        byte[] old = as.seal(b.peerId(), bytes("old"), AAD);
        String second = as.rotate(b.peerId()).sessionId();
        assertFalse(first.equals(second), "new session keys");
        byte[] fresh = as.seal(b.peerId(), bytes("new"), AAD);
        assertEquals("new", text(bs.open(a.peerId(), fresh, AAD)));
        assertEquals("old", text(bs.open(a.peerId(), old, AAD)), "the retired session opens what is under way");
        assertEquals(second, bs.session(a.peerId()).orElseThrow().sessionId());
    }

    @Test
    void anUpdatedProviderTakesOverTheSession() throws Exception {
        SymmetricMode v1 = new SymmetricMode();
        TestNode c = net.node("c");
        long bundle = c.addMode(v1);
        byte[] toC = as.seal(c.peerId(), bytes("before"), AAD);
        c.removeMode(v1);
        c.addMode(new SymmetricMode(), bundle);
        assertEquals("before", text(c.service().open(a.peerId(), toC, AAD)));
        byte[] back = c.service().seal(a.peerId(), bytes("after"), AAD);
        assertEquals("after", text(as.open(c.peerId(), back, AAD)));
        assertEquals(1, net.requests());
    }

    static long epochOf(byte[] sealed) throws CryptoException {
        // envelope: format(1) mode(4+9) session(16) recipient(4+38) then the body: format(1) epoch(4)
        int body = 1 + 4 + "symmetric".length() + 16 + 4 + ((sealed[1 + 4 + 9 + 16 + 3] & 0xff));
        return new io.nodus.crypto.spi.FieldReader(sealed, body + 1, 4).u32("epoch");
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
