package io.nodus.chat.impl.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatException.Reason;
import io.nodus.api.chat.ChatService;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.Hello;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.protocol.PrekeyRequest;
import io.nodus.chat.impl.protocol.Refused;
import io.nodus.chat.impl.protocol.SessionStarted;
import io.nodus.chat.impl.protocol.StartChatSession;
import io.nodus.chat.impl.ratchet.ChatPrekeys;
import io.nodus.chat.impl.ratchet.DoubleRatchet;
import io.nodus.chat.impl.ratchet.RatchetException;
import io.nodus.chat.impl.ratchet.X25519KeyPair;
import io.nodus.chat.impl.ratchet.X3dh;

/**
 * StartChatSession on a stream of its own: PrekeyRequest, the responder's signed PrekeyBundle, StartChatSession
 * with the initiator's X3DH keys and first ratchet message, SessionStarted with the responder's confirmation. Both
 * sides then hold the same Double Ratchet session (or, with protection {@code signed}, a signature-only session).
 */
public final class SessionStarter {

    /** A handshake that does not finish in this time is abandoned (its stream reset). */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private static final byte[] SESSION_ID_DOMAIN = "nodus-chat/session-id".getBytes(StandardCharsets.US_ASCII);
    private static final int SESSION_ID_BYTES = 16;

    /** Tells which protection this node requires with a peer (its encryption mode). */
    public interface ProtectionPolicy {
        String protectionFor(PeerId peer);
    }

    /** Verifies signatures by a peer's identity key (the key inlined in its peer ID). */
    public interface PeerVerifier {
        boolean verify(PeerId peer, byte[] data, byte[] signature);
    }

    private final java.util.function.Supplier<Host> host;
    private final PeerId self;
    private final ChatPrekeys prekeys;
    private final Function<byte[], byte[]> signer;
    private final PeerVerifier verifier;
    private final ProtectionPolicy policy;
    private final DoubleRatchet.Limits limits;
    private final SecureRandom random;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public SessionStarter(java.util.function.Supplier<Host> host, PeerId self, ChatPrekeys prekeys, Function<byte[], byte[]> signer, PeerVerifier verifier,
            ProtectionPolicy policy, DoubleRatchet.Limits limits, SecureRandom random, Clock clock,
            ScheduledExecutorService timer) {
        this.host = host;
        this.self = self;
        this.prekeys = prekeys;
        this.signer = signer;
        this.verifier = verifier;
        this.policy = policy;
        this.limits = limits;
        this.random = random;
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * The initiator's side: runs the whole handshake with {@code peer}. The session goes to {@code install} before
     * StartChatSession is sent (the responder may write to it as soon as it has its side), and to {@code discard}
     * when the handshake then fails.
     */
    public ChatSession initiate(PeerId peer, java.util.function.Consumer<ChatSession> install,
            java.util.function.Consumer<ChatSession> discard) throws ChatException {
        String protection = policy.protectionFor(peer);
        P2PStream stream;
        try {
            Host h = host.get();
            if (h == null) {
                throw new IOException("no libp2p host");
            }
            stream = h.newStream(peer, ChatService.PROTOCOL);
        } catch (IOException e) {
            throw new ChatException(Reason.PEER_UNREACHABLE, "cannot reach " + peer + ": " + e.getMessage(), e);
        }
        ScheduledFuture<?> watchdog = timer.schedule(stream::reset, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (stream) {
            FrameCodec.write(stream.output(), Frame.newBuilder()
                    .setPrekeyRequest(PrekeyRequest.newBuilder().setProtection(protection)).build());
            Frame answer = expect(FrameCodec.read(stream.input()), Frame.BodyCase.PREKEY_BUNDLE);
            StartChatSession.Builder start = StartChatSession.newBuilder().setProtection(protection);
            ChatSession session = protection.equals(PayloadProtection.SIGNED)
                    ? signedInitiator(peer, start) : ratchetInitiator(peer, answer.getPrekeyBundle(), start);
            try {
                start.setFirst(session.seal(hello()));
                install.accept(session);
                FrameCodec.write(stream.output(), Frame.newBuilder().setStartChatSession(start).build());
                Frame done = expect(FrameCodec.read(stream.input()), Frame.BodyCase.SESSION_STARTED);
                if (!done.getSessionStarted().getSessionId().equals(start.getSessionId())
                        || !session.open(done.getSessionStarted().getConfirm()).hasHello()) {
                    throw new ChatException(Reason.BAD_KEY_EXCHANGE, "the peer confirmed another session");
                }
                stream.closeWrite();
                return session;
            } catch (ChatException | IOException | RatchetException | RuntimeException e) {
                session.close();
                discard.accept(session);
                throw e;
            }
        } catch (RatchetException e) {
            throw new ChatException(Reason.BAD_KEY_EXCHANGE, "session start with " + peer + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ChatException(Reason.PEER_UNREACHABLE, "session start with " + peer + " failed: "
                    + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private ChatSession ratchetInitiator(PeerId peer, PrekeyBundleMessage b, StartChatSession.Builder start)
            throws ChatException, RatchetException {
        if (!SignedPrekeyBundle.verify(verifier, peer, b)) {
            throw new ChatException(Reason.BAD_KEY_EXCHANGE, "prekey bundle of " + peer
                    + " is not signed by its identity key");
        }
        byte[] ikB = b.getIdentityKey().toByteArray();
        byte[] spkB = b.getSignedPrekey().toByteArray();
        byte[] opkB = b.getOneTimePrekey().isEmpty() ? null : b.getOneTimePrekey().toByteArray();
        X25519KeyPair ek = X25519KeyPair.generate(random);
        X3dh.Agreement agreement = X3dh.initiate(prekeys.identityKey(), ek, ikB, spkB, opkB,
                self.toBytes(), peer.toBytes());
        try {
            byte[] id = sessionId(agreement.associatedData(), ek.publicKey());
            start.setSessionId(ByteString.copyFrom(id))
                    .setIdentityKey(ByteString.copyFrom(prekeys.identityKey().publicKey()))
                    .setIdentitySignature(ByteString.copyFrom(prekeys.identitySignature()))
                    .setEphemeralKey(ByteString.copyFrom(ek.publicKey()))
                    .setSignedPrekeyId(b.getSignedPrekeyId()).setOneTimeId(opkB == null ? 0 : b.getOneTimeId());
            DoubleRatchet r = DoubleRatchet.initAlice(agreement.sharedKey(), spkB, agreement.associatedData(), limits,
                    random);
            return new ChatSession(peer, id, true, new RatchetProtection(r), clock.instant());
        } finally {
            ek.destroy();
            agreement.destroy();
        }
    }

    private ChatSession signedInitiator(PeerId peer, StartChatSession.Builder start) {
        byte[] id = new byte[SESSION_ID_BYTES];
        random.nextBytes(id);
        start.setSessionId(ByteString.copyFrom(id));
        return new ChatSession(peer, id, true, signed(peer, id), clock.instant());
    }

    /**
     * The responder's side, after the inbound stream's first frame (a PrekeyRequest); null when refused. The new
     * session is handed to {@code install} before the confirmation goes out, so the initiator's first messages
     * (which may come on another stream right after it) find it.
     */
    public ChatSession respond(P2PStream stream, PrekeyRequest request,
            java.util.function.Consumer<ChatSession> install) throws IOException {
        PeerId peer = stream.remotePeer();
        String wanted = request.getProtection();
        String ours = policy.protectionFor(peer);
        if (!wanted.equals(PayloadProtection.DOUBLE_RATCHET) && !wanted.equals(PayloadProtection.SIGNED)) {
            refuse(stream, "UNSUPPORTED", "unknown protection '" + wanted + "'");
            return null;
        }
        if (wanted.equals(PayloadProtection.SIGNED) && !ours.equals(PayloadProtection.SIGNED)) {
            refuse(stream, "DOWNGRADE", "this node's encryption mode requires " + ours + ", not " + wanted);
            return null;
        }
        ScheduledFuture<?> watchdog = timer.schedule(stream::reset, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            PrekeyBundleMessage bundle = wanted.equals(PayloadProtection.DOUBLE_RATCHET)
                    ? SignedPrekeyBundle.encode(prekeys.bundle(), prekeys.identitySignature())
                    : PrekeyBundleMessage.getDefaultInstance();
            FrameCodec.write(stream.output(), Frame.newBuilder().setPrekeyBundle(bundle).build());
            StartChatSession start = expectOrNull(FrameCodec.read(stream.input()));
            if (start == null || !start.getProtection().equals(wanted)) {
                return null;
            }
            ChatSession session = wanted.equals(PayloadProtection.SIGNED) ? signedResponder(peer, start)
                    : ratchetResponder(peer, start);
            if (session == null) {
                refuse(stream, "BAD_KEY_EXCHANGE", "identity key not signed by the peer, or unknown prekey");
                return null;
            }
            if (!session.open(start.getFirst()).hasHello()) {
                session.close();
                return null;
            }
            Frame confirm = Frame.newBuilder().setSessionStarted(SessionStarted.newBuilder()
                    .setSessionId(start.getSessionId()).setConfirm(session.seal(hello()))).build();
            install.accept(session);
            FrameCodec.write(stream.output(), confirm);
            return session;
        } catch (RatchetException e) {
            refuse(stream, "BAD_KEY_EXCHANGE", e.getMessage());
            return null;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** A session started while the peer is offline: our side, and the start to leave at a relay for the peer. */
    public record OfflineStart(ChatSession session, StartChatSession start) {
    }

    /**
     * The initiator's side without the peer: X3DH from the bundle the peer published at a relay (checked here against
     * its peer ID), or, under protection {@code signed}, a signed session that needs no bundle.
     */
    public OfflineStart initiateOffline(PeerId peer, PrekeyBundleMessage published) throws ChatException {
        String protection = policy.protectionFor(peer);
        StartChatSession.Builder start = StartChatSession.newBuilder().setProtection(protection);
        try {
            ChatSession session = protection.equals(PayloadProtection.SIGNED) ? signedInitiator(peer, start)
                    : ratchetInitiator(peer, published, start);
            start.setFirst(session.seal(hello()));
            return new OfflineStart(session, start.build());
        } catch (RatchetException e) {
            throw new ChatException(Reason.BAD_KEY_EXCHANGE, "offline session start with " + peer + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The responder's side of a start the peer left at a relay; null when refused (identity key not signed by the
     * peer, unknown or retired prekey, a downgrade to {@code signed}, or a first message that does not open).
     */
    public ChatSession acceptOffline(PeerId peer, StartChatSession start) {
        String wanted = start.getProtection();
        try {
            ChatSession session;
            if (wanted.equals(PayloadProtection.DOUBLE_RATCHET)) {
                session = ratchetResponder(peer, start);
            } else if (wanted.equals(PayloadProtection.SIGNED)
                    && policy.protectionFor(peer).equals(PayloadProtection.SIGNED)) {
                session = signedResponder(peer, start);
            } else {
                return null;
            }
            if (session != null && !session.open(start.getFirst()).hasHello()) {
                session.close();
                return null;
            }
            return session;
        } catch (RatchetException e) {
            return null;
        }
    }

    private ChatSession ratchetResponder(PeerId peer, StartChatSession s) throws RatchetException {
        byte[] ikA = s.getIdentityKey().toByteArray();
        if (!verifier.verify(peer, ChatPrekeys.identityBindingData(ikA), s.getIdentitySignature().toByteArray())) {
            return null;
        }
        X25519KeyPair spk = prekeys.signedPrekey(s.getSignedPrekeyId());
        X25519KeyPair opk = s.getOneTimeId() == 0 ? null : prekeys.takeOneTime(s.getOneTimeId());
        if (spk == null || s.getOneTimeId() != 0 && opk == null) {
            return null;
        }
        byte[] ek = s.getEphemeralKey().toByteArray();
        X3dh.Agreement agreement = X3dh.respond(prekeys.identityKey(), spk, opk, ikA, ek, peer.toBytes(),
                self.toBytes());
        try {
            byte[] id = sessionId(agreement.associatedData(), ek);
            if (!Arrays.equals(id, s.getSessionId().toByteArray())) {
                return null;
            }
            DoubleRatchet r = DoubleRatchet.initBob(agreement.sharedKey(), spk, agreement.associatedData(), limits,
                    random);
            return new ChatSession(peer, id, false, new RatchetProtection(r), clock.instant());
        } finally {
            agreement.destroy();
            if (opk != null) {
                opk.destroy();
            }
        }
    }

    private ChatSession signedResponder(PeerId peer, StartChatSession s) {
        byte[] id = s.getSessionId().toByteArray();
        if (id.length != SESSION_ID_BYTES) {
            return null;
        }
        return new ChatSession(peer, id, false, signed(peer, id), clock.instant());
    }

    private SignedProtection signed(PeerId peer, byte[] id) {
        return new SignedProtection(id, signer, (data, sig) -> verifier.verify(peer, data, sig));
    }

    private static Payload hello() {
        return Payload.newBuilder().setHello(Hello.getDefaultInstance()).build();
    }

    private static byte[] sessionId(byte[] associatedData, byte[] ephemeral) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(SESSION_ID_DOMAIN);
            sha.update(associatedData);
            sha.update(ephemeral);
            return Arrays.copyOf(sha.digest(), SESSION_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Frame expect(Frame f, Frame.BodyCase wanted) throws ChatException {
        if (f == null) {
            throw new ChatException(Reason.PEER_UNREACHABLE, "the peer closed the stream during the session start");
        }
        if (f.getBodyCase() == Frame.BodyCase.REFUSED) {
            Refused r = f.getRefused();
            Reason reason = r.getReason().equals("DOWNGRADE") ? Reason.DOWNGRADE : Reason.REFUSED;
            throw new ChatException(reason, "the peer refused the session: " + r.getReason() + ": " + r.getDetail());
        }
        if (f.getBodyCase() != wanted) {
            throw new ChatException(Reason.BAD_KEY_EXCHANGE, "expected " + wanted + ", got " + f.getBodyCase());
        }
        return f;
    }

    private static StartChatSession expectOrNull(Frame f) {
        return f != null && f.getBodyCase() == Frame.BodyCase.START_CHAT_SESSION ? f.getStartChatSession() : null;
    }

    private static void refuse(P2PStream stream, String reason, String detail) throws IOException {
        FrameCodec.write(stream.output(), Frame.newBuilder()
                .setRefused(Refused.newBuilder().setReason(reason).setDetail(detail)).build());
    }
}
