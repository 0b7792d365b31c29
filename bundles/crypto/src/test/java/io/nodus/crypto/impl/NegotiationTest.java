package io.nodus.crypto.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.testkit.TestIdentity;

/** Mode negotiation over the signed two-message exchange: choice, policies, downgrade and tampering detection. */
class NegotiationTest {

    static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");

    @AfterEach
    void close() {
        net.close();
    }

    private static void modes(TestNode n, String... ids) {
        for (String id : ids) {
            n.addMode(new StubMode(id, strength(id)));
        }
    }

    static int strength(String id) {
        return switch (id) {
            case "none" -> 0;
            case "asymmetric" -> 20;
            case "symmetric" -> 30;
            default -> 10;
        };
    }

    @Test
    void theStrongestModeBothPoliciesAllowIsChosenAndPayloadsFlowBothWays() throws Exception {
        modes(a, "symmetric", "asymmetric", "none");
        modes(b, "symmetric", "asymmetric", "none");
        byte[] sealed = a.service().seal(b.peerId(), "hello".getBytes(StandardCharsets.UTF_8), AAD);
        assertEquals("symmetric", a.service().session(b.peerId()).orElseThrow().mode());
        assertEquals("symmetric", b.service().session(a.peerId()).orElseThrow().mode());
        assertEquals("hello", new String(b.service().open(a.peerId(), sealed, AAD), StandardCharsets.UTF_8));
        byte[] back = b.service().seal(a.peerId(), "hi".getBytes(StandardCharsets.UTF_8), AAD);
        assertEquals("hi", new String(a.service().open(b.peerId(), back, AAD), StandardCharsets.UTF_8));
        assertEquals(1, net.requests(), "one key exchange for both directions");
        assertEquals(a.service().session(b.peerId()).orElseThrow().sessionId(),
                b.service().session(a.peerId()).orElseThrow().sessionId(), "both derive the same session id");
    }

    @Test
    void aPeerThatOnlyAllowsAWeakerModeGetsThatMode() throws Exception {
        modes(a, "symmetric", "asymmetric");
        modes(b, "symmetric", "asymmetric");
        b.configure(Map.of("encryption.mode", "asymmetric", "encryption.allowed", ""));
        assertEquals(List.of("asymmetric"), b.service().policy().offered());
        assertEquals("asymmetric", a.service().establish(b.peerId()).mode());
    }

    @Test
    void theConfiguredModeIsACeilingWithAllowedFallbacksBelowIt() throws Exception {
        modes(a, "symmetric", "asymmetric", "none");
        a.configure(Map.of("encryption.mode", "asymmetric", "encryption.allowed", "symmetric,none"));
        assertEquals(List.of("asymmetric", "none"), a.service().policy().offered(),
                "symmetric is allowed but stronger than the mode asked for");
        a.configure(Map.of("encryption.mode", "symmetric", "encryption.allowed", "asymmetric"));
        assertEquals(List.of("symmetric", "asymmetric"), a.service().policy().offered(),
                "none is installed but not allowed");
    }

    @Test
    void noneIsUsedOnlyWhenBothPoliciesAllowIt() throws Exception {
        modes(a, "none", "symmetric");
        modes(b, "none", "symmetric");
        a.configure(Map.of("encryption.mode", "none", "encryption.allowed", ""));
        CryptoException e = refused(Reason.NO_COMMON_MODE, () -> a.service().establish(b.peerId()));
        assertTrue(e.getMessage().contains("[none]"), e.getMessage());
        assertTrue(a.service().session(b.peerId()).isEmpty());
        assertTrue(b.service().session(a.peerId()).isEmpty());

        b.configure(Map.of("encryption.allowed", "none"));
        assertEquals("none", a.service().establish(b.peerId()).mode());
    }

    @Test
    void aStrippedModeListIsDetectedByTheSignature() throws Exception {
        modes(a, "symmetric", "asymmetric");
        modes(b, "symmetric", "asymmetric");
        // an attacker on the path removes "symmetric" from a's offer, hoping for the weaker mode
        net.tapRequests((from, to, m) -> stripFirstOffer(m));
        CryptoException e = refused(Reason.BAD_SIGNATURE, () -> a.service().establish(b.peerId()));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(a.service().session(b.peerId()).isEmpty(), "no session on the initiator");
        assertTrue(b.service().session(a.peerId()).isEmpty(), "no session on the responder");
    }

    @Test
    void aResponderThatChoosesAWeakerModeThanTheOffersLeadToIsADowngrade() throws Exception {
        modes(a, "symmetric", "asymmetric");
        modes(b, "symmetric", "asymmetric");
        // b is compromised (or buggy): it signs an answer choosing "asymmetric" although both offer "symmetric"
        net.tapReplies((from, to, m) -> rewriteChoice(m, b, "asymmetric"));
        CryptoException e = refused(Reason.DOWNGRADE, () -> a.service().establish(b.peerId()));
        assertTrue(e.getMessage().contains("'symmetric'"), e.getMessage());
        assertTrue(a.service().session(b.peerId()).isEmpty());
    }

    @Test
    void aReplayedInitiateIsRefusedAndTheSessionStaysAsItWas() throws Exception {
        modes(a, "symmetric");
        modes(b, "symmetric");
        AtomicReference<byte[]> captured = new AtomicReference<>();
        net.tapRequests((from, to, m) -> {
            captured.set(m);
            return m;
        });
        SessionInfo first = a.service().establish(b.peerId());
        byte[] sealed = a.service().seal(b.peerId(), new byte[] {1}, AAD);

        byte[] reply = net.deliver(a.peerId(), b.peerId(), captured.get());
        CryptoMessage m = CryptoMessage.decode(reply);
        assertEquals(MessageType.ERROR, m.type());
        ErrorReply err = ErrorReply.decode(m.body());
        assertEquals(Reason.REPLAY, err.reason(), err.message());
        assertEquals(first.sessionId(), b.service().session(a.peerId()).orElseThrow().sessionId());
        assertArrayEquals(new byte[] {1}, b.service().open(a.peerId(), sealed, AAD), "session intact");
    }

    @Test
    void aKeyThatDoesNotMatchTheClaimedPeerIdIsRefused() throws Exception {
        modes(a, "symmetric");
        modes(b, "symmetric");
        TestIdentity mallory = new TestIdentity();
        // mallory signs an initiate with her own key but names a's peer ID as sender
        byte[] body = new InitiateKeyExchange(List.of(new InitiateKeyExchange.Offer("symmetric", new byte[32]))).encode();
        byte[] forged = withSender(CryptoMessage.sign(MessageType.INITIATE, mallory, System.currentTimeMillis(),
                new byte[16], body), a.peerId().toBytes(), mallory);
        CryptoMessage reply = CryptoMessage.decode(net.deliver(a.peerId(), b.peerId(), forged));
        ErrorReply err = ErrorReply.decode(reply.body());
        assertEquals(Reason.PEER_ID_MISMATCH, err.reason(), err.message());
        assertTrue(err.message().contains("not to the claimed peer"), err.message());

        // and a message signed as mallory that arrives on a's authenticated stream
        byte[] honest = CryptoMessage.sign(MessageType.INITIATE, mallory, System.currentTimeMillis(), new byte[16], body);
        err = ErrorReply.decode(CryptoMessage.decode(net.deliver(a.peerId(), b.peerId(), honest)).body());
        assertEquals(Reason.PEER_ID_MISMATCH, err.reason(), err.message());
        assertTrue(b.service().session(a.peerId()).isEmpty());
    }

    @Test
    void aStaleMessageIsRefused() throws Exception {
        modes(b, "symmetric");
        TestIdentity a2 = new TestIdentity();
        byte[] body = new InitiateKeyExchange(List.of(new InitiateKeyExchange.Offer("symmetric", new byte[32]))).encode();
        byte[] old = CryptoMessage.sign(MessageType.INITIATE, a2, System.currentTimeMillis()
                - MessageVerifier.MAX_SKEW.toMillis() - 60_000, new byte[16], body);
        ErrorReply err = ErrorReply.decode(CryptoMessage.decode(net.deliver(a2.peerId(), b.peerId(), old)).body());
        assertEquals(Reason.STALE, err.reason(), err.message());
    }

    @Test
    void concurrentSealsShareOneKeyExchange() throws Exception {
        modes(a, "symmetric");
        modes(b, "symmetric");
        List<Thread> threads = new java.util.ArrayList<>();
        List<byte[]> sealed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Throwable> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    sealed.add(a.service().seal(b.peerId(), new byte[10], AAD));
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(20_000);
            assertFalse(t.isAlive(), "seal thread finished");
        }
        assertEquals(List.of(), errors);
        assertEquals(1, net.requests(), "one exchange for eight concurrent seals");
        for (byte[] s : sealed) {
            assertEquals(10, b.service().open(a.peerId(), s, AAD).length);
        }
    }

    /** Removes the first offer of an INITIATE without re-signing (the signature no longer matches). */
    static byte[] stripFirstOffer(byte[] message) {
        try {
            CryptoMessage m = CryptoMessage.decode(message);
            if (m.type() != MessageType.INITIATE) {
                return message;
            }
            InitiateKeyExchange init = InitiateKeyExchange.decode(m.body());
            byte[] body = new InitiateKeyExchange(init.offers().subList(1, init.offers().size())).encode();
            return new FieldWriter().u8(CryptoMessage.VERSION).u8(m.type().code).bytes(m.sender().toBytes())
                    .bytes(m.senderKey()).u64(m.timestampMillis()).raw(m.nonce()).bytes(body).bytes(m.signature())
                    .toByteArray();
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    /** Re-signs an ACCEPT with a different choice, as its (compromised) sender could. */
    static byte[] rewriteChoice(byte[] message, TestNode signer, String chosen) {
        try {
            CryptoMessage m = CryptoMessage.decode(message);
            if (m.type() != MessageType.ACCEPT) {
                return message;
            }
            AcceptKeyExchange a = AcceptKeyExchange.decode(m.body());
            byte[] body = new AcceptKeyExchange(a.initiateHash(), a.responderOffer(), chosen, a.contribution()).encode();
            return CryptoMessage.sign(MessageType.ACCEPT, signer.identity(), m.timestampMillis(), m.nonce(), body);
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    /** Rebuilds a message with another sender field, signed by {@code signer}. */
    static byte[] withSender(byte[] message, byte[] sender, TestIdentity signer) throws CryptoException {
        CryptoMessage m = CryptoMessage.decode(message);
        byte[] signed = new FieldWriter().u8(CryptoMessage.VERSION).u8(m.type().code).bytes(sender)
                .bytes(m.senderKey()).u64(m.timestampMillis()).raw(m.nonce()).bytes(m.body()).toByteArray();
        byte[] input = java.util.Arrays.copyOf("nodus/crypto/1.0.0 signed message\0".getBytes(StandardCharsets.US_ASCII),
                34 + signed.length);
        System.arraycopy(signed, 0, input, 34, signed.length);
        return new FieldWriter().raw(signed).bytes(signer.sign(input)).toByteArray();
    }
}
