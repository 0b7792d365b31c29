package io.nodus.crypto.impl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * The two-message key exchange of {@code /nodus/crypto/1.0.0}. The initiator sends INITIATE (its offer with a
 * contribution per mode); the responder chooses with {@link ModeChoice}, completes its side and answers ACCEPT
 * (bound to the INITIATE by hash); the initiator checks the choice (downgrade protection) and completes its side.
 * Both derive the session from the transcript hash of the two signed messages.
 */
final class KeyExchange {

    private static final byte[] TRANSCRIPT = "nodus/crypto/1.0.0 transcript\0".getBytes(StandardCharsets.US_ASCII);

    private final NodeIdentity identity;
    private final ModeRegistry registry;
    private final RevocationList revocations;
    private final MessageVerifier verifier;
    private final Clock clock;
    private final SecureRandom random;
    private final Supplier<CryptoSettings> settings;

    KeyExchange(NodeIdentity identity, ModeRegistry registry, RevocationList revocations, MessageVerifier verifier,
            Clock clock, SecureRandom random, Supplier<CryptoSettings> settings) {
        this.identity = identity;
        this.registry = registry;
        this.revocations = revocations;
        this.verifier = verifier;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
    }

    /** The initiator's side between sending INITIATE and receiving the answer. */
    static final class Pending {
        final PeerId peer;
        final byte[] initiate;
        final List<String> offer;
        final Map<String, ModeExchange> exchanges;
        final Map<String, ModeRegistry.Entry> providers;
        final Map<String, SessionContext> contexts;

        Pending(PeerId peer, byte[] initiate, List<String> offer, Map<String, ModeExchange> exchanges,
                Map<String, ModeRegistry.Entry> providers, Map<String, SessionContext> contexts) {
            this.peer = peer;
            this.initiate = initiate;
            this.offer = offer;
            this.exchanges = exchanges;
            this.providers = providers;
            this.contexts = contexts;
        }

        void abandon() {
            exchanges.values().forEach(ModeExchange::abandon);
        }
    }

    /** What the responder sends back and the session it installed on its side. */
    record Responded(byte[] accept, PeerSession session) {
    }

    Pending start(PeerId peer) throws CryptoException {
        CryptoSettings s = settings.get();
        List<String> offer = registry.offered(s);
        if (offer.isEmpty()) {
            throw new CryptoException(Reason.NO_COMMON_MODE, "nothing to offer " + peer + ": encryption.mode="
                    + s.mode() + ", encryption.allowed=" + s.allowed() + ", installed=" + installedIds());
        }
        Map<String, ModeExchange> exchanges = new LinkedHashMap<>();
        Map<String, ModeRegistry.Entry> providers = new LinkedHashMap<>();
        Map<String, SessionContext> contexts = new LinkedHashMap<>();
        List<InitiateKeyExchange.Offer> offers = new java.util.ArrayList<>();
        try {
            for (String id : offer) {
                ModeRegistry.Entry e = registry.get(id).orElse(null);
                if (e == null) {
                    continue; // uninstalled a moment ago
                }
                SessionContext ctx = new SessionContext(identity, peer, null, true, revocations, () -> settings.get().rotation());
                ModeExchange ex = e.mode().startExchange(ctx);
                exchanges.put(id, ex);
                providers.put(id, e);
                contexts.put(id, ctx);
                offers.add(new InitiateKeyExchange.Offer(id, ex.localContribution()));
            }
        } catch (CryptoException | RuntimeException e) {
            exchanges.values().forEach(ModeExchange::abandon);
            throw e;
        }
        if (offers.isEmpty()) {
            throw new CryptoException(Reason.NO_COMMON_MODE, "every offered mode was uninstalled meanwhile");
        }
        byte[] initiate = CryptoMessage.sign(MessageType.INITIATE, identity, clock.millis(), nonce(),
                new InitiateKeyExchange(offers).encode());
        return new Pending(peer, initiate, List.copyOf(exchanges.keySet()), exchanges, providers, contexts);
    }

    /** Checks the peer's answer and completes the initiator's side; abandons the exchange when anything is wrong. */
    PeerSession finish(Pending p, byte[] reply) throws CryptoException {
        try {
            MessageVerifier.Verified v = verifier.verify(reply, p.peer);
            CryptoMessage m = v.message();
            if (m.type() == MessageType.ERROR) {
                throw ErrorReply.decode(m.body()).toException(p.peer, p.initiate);
            }
            if (m.type() != MessageType.ACCEPT) {
                throw new CryptoException(Reason.MALFORMED, p.peer + " answered InitiateKeyExchange with " + m.type());
            }
            AcceptKeyExchange a = AcceptKeyExchange.decode(m.body());
            if (!Arrays.equals(a.initiateHash(), Sha256.hash(p.initiate))) {
                throw new CryptoException(Reason.MALFORMED, p.peer + "'s AcceptKeyExchange answers another"
                        + " InitiateKeyExchange");
            }
            String expected = ModeChoice.choose(p.offer, a.responderOffer()).orElse(null);
            if (!a.chosen().equals(expected)) {
                throw new CryptoException(Reason.DOWNGRADE, p.peer + " chose mode '" + a.chosen() + "' but the signed"
                        + " offers (ours " + p.offer + ", theirs " + a.responderOffer() + ") lead to "
                        + (expected == null ? "no mode" : "'" + expected + "'") + ": downgrade refused");
            }
            SessionContext ctx = p.contexts.get(expected);
            ctx.bindRemote(v.sender());
            byte[] transcript = transcript(p.initiate, reply);
            ModeSession session = p.exchanges.remove(expected).complete(a.contribution(), transcript);
            return new PeerSession(p.peer, expected, sessionId(transcript), true, clock.instant(), ctx, session,
                    p.providers.get(expected).mode());
        } finally {
            p.abandon();
        }
    }

    Responded respond(MessageVerifier.Verified v) throws CryptoException {
        InitiateKeyExchange init = InitiateKeyExchange.decode(v.message().body());
        CryptoSettings s = settings.get();
        List<String> ours = registry.offered(s);
        PeerId peer = v.message().sender();
        String chosen = ModeChoice.choose(init.modeIds(), ours).orElseThrow(() -> new CryptoException(
                Reason.NO_COMMON_MODE, "no mode in common: " + peer + " offers " + init.modeIds() + ", "
                        + identity.peerId() + " offers " + ours + " (encryption.mode=" + s.mode()
                        + ", encryption.allowed=" + s.allowed() + ")"));
        ModeRegistry.Entry e = registry.get(chosen).orElseThrow(() -> new CryptoException(Reason.NO_COMMON_MODE,
                "mode '" + chosen + "' was uninstalled meanwhile"));
        SessionContext ctx = new SessionContext(identity, peer, v.sender(), false, revocations, () -> settings.get().rotation());
        ModeExchange ex = e.mode().startExchange(ctx);
        try {
            AcceptKeyExchange accept = new AcceptKeyExchange(v.message().hash(), ours, chosen, ex.localContribution());
            byte[] acceptBytes = CryptoMessage.sign(MessageType.ACCEPT, identity, clock.millis(), nonce(), accept.encode());
            byte[] transcript = transcript(v.message().encoded(), acceptBytes);
            ModeSession session = ex.complete(init.contribution(chosen), transcript);
            return new Responded(acceptBytes, new PeerSession(peer, chosen, sessionId(transcript), false,
                    clock.instant(), ctx, session, e.mode()));
        } catch (CryptoException | RuntimeException ex2) {
            ex.abandon();
            throw ex2;
        }
    }

    /** SHA-256 over a label and both signed messages, each length-prefixed. */
    static byte[] transcript(byte[] initiate, byte[] accept) {
        return Sha256.hash(new FieldWriter(initiate.length + accept.length + 64).raw(TRANSCRIPT).bytes(initiate)
                .bytes(accept).toByteArray());
    }

    static byte[] sessionId(byte[] transcript) {
        return Arrays.copyOf(transcript, Envelope.SESSION_ID_BYTES);
    }

    byte[] nonce() {
        byte[] n = new byte[CryptoMessage.NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    private List<String> installedIds() {
        return registry.installed().stream().map(ModeRegistry.Entry::id).toList();
    }
}
