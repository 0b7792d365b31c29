package io.nodus.chat.impl.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DoubleRatchetTest {

    private static final DoubleRatchet.Limits LIMITS = new DoubleRatchet.Limits(50, 100);
    private final SecureRandom random = new SecureRandom();
    private DoubleRatchet alice;
    private DoubleRatchet bob;

    @BeforeEach
    void pair() throws Exception {
        byte[] sk = new byte[32];
        random.nextBytes(sk);
        X25519KeyPair bobSpk = X25519KeyPair.generate(random);
        byte[] ad = {7, 7, 7};
        alice = DoubleRatchet.initAlice(sk, bobSpk.publicKey(), ad, LIMITS, random);
        bob = DoubleRatchet.initBob(sk, bobSpk, ad, LIMITS, random);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] open(DoubleRatchet r, DoubleRatchet.Sealed m) throws RatchetException {
        return r.decrypt(m.header(), m.ciphertext());
    }

    @Test
    void conversationBothWaysWithRatchetSteps() throws Exception {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                assertEquals("a" + round + i, str(open(bob, alice.encrypt(text("a" + round + i)))));
            }
            for (int i = 0; i < 2; i++) {
                assertEquals("b" + round + i, str(open(alice, bob.encrypt(text("b" + round + i)))));
            }
        }
    }

    @Test
    void responderCannotSendBeforeTheFirstMessage() {
        RatchetException e = assertThrows(RatchetException.class, () -> bob.encrypt(text("too early")));
        assertEquals(RatchetException.Reason.CLOSED, e.reason());
    }

    @Test
    void outOfOrderWithinTheWindowDecrypts() throws Exception {
        List<DoubleRatchet.Sealed> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(alice.encrypt(text("m" + i)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(1));
        for (int i : order) {
            assertEquals("m" + i, str(open(bob, sent.get(i))));
        }
        assertEquals(0, bob.skippedKeys(), "every skipped key was used and erased");
        // across a DH ratchet step: a late message of Alice's previous chain still opens
        DoubleRatchet.Sealed late = alice.encrypt(text("late"));
        open(alice, bob.encrypt(text("reply")));
        DoubleRatchet.Sealed next = alice.encrypt(text("next chain"));
        assertEquals("next chain", str(open(bob, next)));
        assertEquals("late", str(open(bob, late)));
    }

    @Test
    void beyondTheWindowIsRefusedAndTheSessionGoesOn() throws Exception {
        DoubleRatchet.Sealed first = alice.encrypt(text("first"));
        for (int i = 0; i < LIMITS.maxSkip(); i++) {
            alice.encrypt(text("lost " + i));
        }
        DoubleRatchet.Sealed far = alice.encrypt(text("far"));
        RatchetException e = assertThrows(RatchetException.class, () -> open(bob, far));
        assertEquals(RatchetException.Reason.TOO_FAR, e.reason());
        assertEquals("first", str(open(bob, first)), "the refused message left the state unchanged");
    }

    @Test
    void replayIsRefused() throws Exception {
        DoubleRatchet.Sealed m0 = alice.encrypt(text("once"));
        DoubleRatchet.Sealed m1 = alice.encrypt(text("twice"));
        open(bob, m1);
        open(bob, m0);
        assertEquals(RatchetException.Reason.REPLAY, assertThrows(RatchetException.class, () -> open(bob, m0)).reason());
        assertEquals(RatchetException.Reason.REPLAY, assertThrows(RatchetException.class, () -> open(bob, m1)).reason());
        // a replay of an old chain after the DH ratchet moved on
        open(alice, bob.encrypt(text("r")));
        open(bob, alice.encrypt(text("new chain")));
        assertEquals(RatchetException.Reason.REPLAY, assertThrows(RatchetException.class, () -> open(bob, m1)).reason());
    }

    @Test
    void tamperedMessageIsRefusedAndStateUnchanged() throws Exception {
        DoubleRatchet.Sealed m = alice.encrypt(text("intact"));
        byte[] bad = m.ciphertext().clone();
        bad[0] ^= 1;
        RatchetException e = assertThrows(RatchetException.class, () -> bob.decrypt(m.header(), bad));
        assertEquals(RatchetException.Reason.TAMPERED, e.reason());
        RatchetHeader forged = new RatchetHeader(m.header().dh(), m.header().pn(), m.header().n() + 1);
        assertThrows(RatchetException.class, () -> bob.decrypt(forged, m.ciphertext()));
        assertEquals("intact", str(open(bob, m)));
    }

    @Test
    void copiedOldStateCannotDecryptNewMessages() throws Exception {
        open(bob, alice.encrypt(text("hello")));
        DoubleRatchet stolen = bob.copyState();
        // the thief can follow Alice's current sending chain, as the spec says ...
        DoubleRatchet.Sealed sameChain = alice.encrypt(text("same chain"));
        assertEquals("same chain", str(open(stolen.copyState(), sameChain)));
        open(bob, sameChain);
        // ... but not past a round trip: the new DH ratchet keys heal the session (post-compromise security)
        open(alice, bob.encrypt(text("reply")));
        open(bob, alice.encrypt(text("after round trip")));
        open(alice, bob.encrypt(text("reply 2")));
        DoubleRatchet.Sealed secret = alice.encrypt(text("secret"));
        assertThrows(RatchetException.class, () -> open(stolen, secret));
        assertEquals("secret", str(open(bob, secret)));
    }

    @Test
    void destroyErasesEveryKey() throws Exception {
        open(bob, alice.encrypt(text("x")));
        alice.encrypt(text("skipped later"));
        open(bob, alice.encrypt(text("y")));
        assertEquals(1, bob.skippedKeys());
        assertFalse(bob.isErased());
        bob.destroy();
        assertTrue(bob.isErased());
        DoubleRatchet.Sealed m = alice.encrypt(text("z"));
        assertEquals(RatchetException.Reason.CLOSED, assertThrows(RatchetException.class, () -> open(bob, m)).reason());
    }

    @Test
    void prekeysSignAndHandOutOneTimeKeysOnce() throws Exception {
        TestSigner signer = new TestSigner();
        ChatPrekeys keys = new ChatPrekeys(signer::sign, random, java.time.Clock.systemUTC(),
                java.time.Duration.ofDays(1));
        PrekeyBundle b = keys.bundle();
        assertTrue(signer.verify(ChatPrekeys.bundleSignedData(b.identityKey(), b.signedPrekeyId(), b.signedPrekey()),
                b.signature()));
        assertTrue(signer.verify(ChatPrekeys.identityBindingData(b.identityKey()), keys.identitySignature()));
        assertArrayEquals(b.oneTimePrekey(), keys.takeOneTime(b.oneTimeId()).publicKey());
        assertEquals(null, keys.takeOneTime(b.oneTimeId()), "a one-time prekey is handed out once");
        keys.destroy();
        assertTrue(keys.identityKey().isDestroyed());
    }
}
