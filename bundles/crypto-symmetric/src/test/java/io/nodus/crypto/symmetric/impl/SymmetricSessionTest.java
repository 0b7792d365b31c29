package io.nodus.crypto.symmetric.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.RotationLimits;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.Aead;
import io.nodus.testkit.TestIdentity;

/** One symmetric session pair without the service around it: keys, nonces, rotation, handover. */
class SymmetricSessionTest {

    static final byte[] AAD = {1};

    /** An exchange context that only answers what the symmetric mode asks. */
    record Context(boolean initiator, RotationLimits rotation) implements ExchangeContext {
        static final PeerId PEER = new TestIdentity().peerId();

        @Override
        public PeerId localPeer() {
            return PEER;
        }

        @Override
        public PeerId remotePeer() {
            return PEER;
        }

        @Override
        public byte[] sign(byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verifyRemote(byte[] data, byte[] signature) {
            return false;
        }

        @Override
        public void requireNotRevoked(byte[] publicKey) {
        }
    }

    static SymmetricSession[] pair(long messagesPerKey) throws CryptoException {
        RotationLimits limits = new RotationLimits(messagesPerKey, Long.MAX_VALUE, Duration.ofDays(1));
        SecureRandom random = new SecureRandom();
        ModeExchange i = new SymmetricExchange(new Context(true, limits), random);
        ModeExchange r = new SymmetricExchange(new Context(false, limits), random);
        byte[] transcript = new byte[32];
        random.nextBytes(transcript);
        byte[] ic = i.localContribution();
        byte[] rc = r.localContribution();
        return new SymmetricSession[] {(SymmetricSession) i.complete(rc, transcript),
            (SymmetricSession) r.complete(ic, transcript)};
    }

    @Test
    void aRotatedAwayKeyIsErasedAndCanSealNothingMore() throws Exception {
        SymmetricSession[] s = pair(2);
        s[0].seal(new byte[1], AAD);
        Aead epoch0 = s[0].currentSendKey();
        s[0].seal(new byte[1], AAD);
        s[0].seal(new byte[1], AAD); // third message: limit reached, epoch 1
        Aead epoch1 = s[0].currentSendKey();
        assertNotSame(epoch0, epoch1);
        assertTrue(epoch0.isDestroyed(), "epoch 0 key erased");
        assertThrows(IllegalStateException.class, () -> epoch0.seal(new byte[12], AAD, new byte[1]));
        assertEquals(1, s[0].keyEpoch());
        s[0].rotate();
        assertTrue(epoch1.isDestroyed());
        assertEquals(2, s[0].keyEpoch());
    }

    @Test
    void directionsUseDifferentKeysSoAPayloadCannotBeReflected() throws Exception {
        SymmetricSession[] s = pair(100);
        byte[] sealed = s[0].seal(new byte[] {5}, AAD);
        refused(Reason.TAMPERED, () -> s[0].open(sealed, AAD));
        assertArrayEquals(new byte[] {5}, s[1].open(sealed, AAD));
    }

    @Test
    void takingOverTheSameStateTwiceIsRefusedAsNonceReuse() throws Exception {
        SymmetricSession[] s = pair(100);
        byte[] state = s[0].handover();
        ConsumedHandovers consumed = new ConsumedHandovers();
        SymmetricSession first = SymmetricSession.resume(new Context(true, new RotationLimits(100, Long.MAX_VALUE,
                Duration.ofDays(1))), state, consumed);
        CryptoException e = refused(Reason.NONCE_REUSE, () -> SymmetricSession.resume(new Context(true,
                new RotationLimits(100, Long.MAX_VALUE, Duration.ofDays(1))), state, consumed));
        assertTrue(e.getMessage().contains("same keys and counters"), e.getMessage());
        // the one that was taken over works, and the receiver refuses a second payload with the same counter
        byte[] one = first.seal(new byte[] {1}, AAD);
        assertArrayEquals(new byte[] {1}, s[1].open(one, AAD));
        byte[] sameCounter = s[0].seal(new byte[] {2}, AAD); // the old object, same state: same nonce
        refused(Reason.REPLAY, () -> s[1].open(sameCounter, AAD));
    }

    @Test
    void aDestroyedSessionRefusesEverything() throws Exception {
        SymmetricSession[] s = pair(100);
        byte[] sealed = s[0].seal(new byte[1], AAD);
        s[1].destroy();
        refused(Reason.NO_SESSION, () -> s[1].open(sealed, AAD));
        s[0].destroy();
        refused(Reason.NO_SESSION, () -> s[0].seal(new byte[1], AAD));
        assertEquals(null, s[0].handover());
    }
}
