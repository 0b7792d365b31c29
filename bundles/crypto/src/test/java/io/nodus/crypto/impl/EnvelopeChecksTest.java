package io.nodus.crypto.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldWriter;

/** What the encryption service checks on a sealed payload before the mode sees it; each refusal leaves the session. */
class EnvelopeChecksTest {

    static final byte[] AAD = {1, 2, 3};

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");
    private final TestNode c = net.node("c");
    private byte[] sealed;

    @BeforeEach
    void setUp() throws CryptoException {
        for (TestNode n : new TestNode[] {a, b, c}) {
            n.addMode(new StubMode("symmetric", 30));
            n.addMode(new StubMode("asymmetric", 20));
        }
        sealed = a.service().seal(b.peerId(), new byte[] {42}, AAD);
        a.service().establish(c.peerId());
    }

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void aPayloadForAnotherPeerIsRefused() {
        CryptoException e = refused(Reason.WRONG_RECIPIENT, () -> c.service().open(a.peerId(), sealed, AAD));
        assertTrue(e.getMessage().contains(b.peerId().toString()), e.getMessage());
        stillOpens();
    }

    @Test
    void aPayloadPresentedAsFromAnotherPeerIsRefused() throws CryptoException {
        c.service().establish(b.peerId());
        CryptoException e = refused(Reason.PEER_ID_MISMATCH, () -> b.service().open(c.peerId(), sealed, AAD));
        assertTrue(e.getMessage().contains("not with " + c.peerId()), e.getMessage());
        stillOpens();
    }

    @Test
    void aPayloadRelabelledWithAnotherModeIsADowngrade() throws CryptoException {
        Envelope env = Envelope.parse(sealed);
        byte[] header = new FieldWriter().u8(Envelope.FORMAT).string("asymmetric").raw(env.sessionId())
                .bytes(env.recipient().toBytes()).toByteArray();
        byte[] relabelled = CryptoEngine.concat(header, env.body());
        refused(Reason.DOWNGRADE, () -> b.service().open(a.peerId(), relabelled, AAD));
        stillOpens();
    }

    @Test
    void otherAssociatedDataOrAChangedByteIsTampering() {
        refused(Reason.TAMPERED, () -> b.service().open(a.peerId(), sealed, new byte[] {9}));
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 0x01;
        refused(Reason.TAMPERED, () -> b.service().open(a.peerId(), flipped, AAD));
        stillOpens();
    }

    @Test
    void garbageAndUnknownSessionsAreRefused() {
        refused(Reason.MALFORMED, () -> b.service().open(a.peerId(), new byte[] {1, 2}, AAD));
        byte[] unknown = sealed.clone();
        unknown[1 + 4 + "symmetric".length()] ^= 1; // first byte of the session id
        refused(Reason.NO_SESSION, () -> b.service().open(a.peerId(), unknown, AAD));
        refused(Reason.PEER_ID_MISMATCH, () -> a.service().seal(a.peerId(), new byte[1], AAD));
        stillOpens();
    }

    private void stillOpens() {
        try {
            assertArrayEquals(new byte[] {42}, b.service().open(a.peerId(), sealed, AAD), "session state intact");
        } catch (CryptoException e) {
            throw new AssertionError("the genuine payload no longer opens: " + e, e);
        }
    }
}
