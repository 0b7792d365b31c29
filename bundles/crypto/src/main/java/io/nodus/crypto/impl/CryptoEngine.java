package io.nodus.crypto.impl;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.ModeSession;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/**
 * The encryption service proper, free of OSGi: sessions per peer, sealing and opening, key exchanges through a
 * {@link PeerChannel}. The DS component feeds it providers, configuration and the transport.
 */
final class CryptoEngine implements EncryptionService {

    /** Largest payload one seal takes (chunked into AEAD calls of at most 64 KiB by the modes). */
    static final int MAX_PLAINTEXT = 256 * 1024 * 1024;
    /** Seal and open retry once when the session ends under them (rotation, provider swap). */
    private static final int ATTEMPTS = 3;

    final NodeIdentity identity;
    final ModeRegistry registry;
    final RevocationList revocations;
    final SessionTable table = new SessionTable();
    final Clock clock;
    final CryptoLog log;
    final ScheduledExecutorService scheduler;
    final KeyExchange exchange;
    final MessageVerifier verifier;
    final ProviderHandover handover;
    private final ConcurrentHashMap<PeerId, CompletableFuture<PeerSession>> inflight = new ConcurrentHashMap<>();
    private volatile CryptoSettings settings = CryptoSettings.defaults();
    private volatile PeerChannel channel;

    CryptoEngine(NodeIdentity identity, ModeRegistry registry, RevocationList revocations, Clock clock, CryptoLog log,
            ScheduledExecutorService scheduler) {
        this.identity = identity;
        this.registry = registry;
        this.revocations = revocations;
        this.clock = clock;
        this.log = log;
        this.scheduler = scheduler;
        this.verifier = new MessageVerifier(identity, revocations, clock);
        this.exchange = new KeyExchange(identity, registry, revocations, verifier, clock, new SecureRandom(),
                this::settings);
        this.handover = new ProviderHandover(this);
        revocations.addListener(this::revoked);
        scheduler.scheduleWithFixedDelay(this::expireRetired, 10, 10, TimeUnit.SECONDS);
    }

    CryptoSettings settings() {
        return settings;
    }

    void settings(CryptoSettings next) {
        settings = Objects.requireNonNull(next);
    }

    /** The transport to reach peers, or null while there is none. */
    void channel(PeerChannel c) {
        channel = c;
    }

    @Override
    public byte[] seal(PeerId to, byte[] plaintext, byte[] associatedData) throws CryptoException {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(plaintext, "plaintext");
        if (to.equals(identity.peerId())) {
            throw new CryptoException(Reason.PEER_ID_MISMATCH, "cannot seal for this node itself (" + to + ")");
        }
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new CryptoException(Reason.MALFORMED, "payload of " + plaintext.length + " bytes is larger than "
                    + MAX_PLAINTEXT);
        }
        CryptoException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            PeerSession s = table.current(to);
            if (s == null) {
                s = establishShared(to);
            }
            ModeSession m = active(s);
            if (m == null) {
                last = ended(s);
                continue;
            }
            requireNotRevoked(s);
            byte[] header = Envelope.header(s.modeId, s.sessionId, to);
            try {
                byte[] body = m.seal(plaintext, Envelope.modeAssociatedData(header, associatedData));
                return concat(header, body);
            } catch (CryptoException e) {
                if (e.reason() != Reason.NO_SESSION) {
                    throw e;
                }
                last = e; // erased under us (provider swap): take the session that replaced it
            }
        }
        throw last;
    }

    @Override
    public byte[] open(PeerId from, byte[] sealed, byte[] associatedData) throws CryptoException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(sealed, "sealed");
        Envelope env = Envelope.parse(sealed);
        if (!env.recipient().equals(identity.peerId())) {
            throw new CryptoException(Reason.WRONG_RECIPIENT, "payload is sealed for " + env.recipient()
                    + ", not for this node " + identity.peerId());
        }
        PeerSession s = table.find(env.sessionId());
        if (s == null) {
            handover.renegotiateSoon(from, "a payload arrived for a session this node no longer has");
            throw new CryptoException(Reason.NO_SESSION, "no session " + hex(env.sessionId()) + " with " + from
                    + " (it ended or was never established here); the sender must negotiate again");
        }
        if (!s.peer.equals(from)) {
            throw new CryptoException(Reason.PEER_ID_MISMATCH, "payload belongs to the session with " + s.peer
                    + ", not with " + from);
        }
        if (!s.modeId.equals(env.mode())) {
            throw new CryptoException(Reason.DOWNGRADE, "payload claims mode '" + env.mode() + "' but session "
                    + s.sessionIdHex + " with " + from + " uses '" + s.modeId + "'");
        }
        requireNotRevoked(s);
        ModeSession m = active(s);
        if (m == null) {
            throw new CryptoException(Reason.NO_SESSION, "session " + s.sessionIdHex + " with " + from + " ended: "
                    + s.endReason());
        }
        byte[] plaintext = m.open(env.body(), Envelope.modeAssociatedData(env.header(), associatedData));
        s.opened.incrementAndGet();
        return plaintext;
    }

    @Override
    public SessionInfo establish(PeerId peer) throws CryptoException {
        return establishShared(peer).info();
    }

    @Override
    public SessionInfo rotate(PeerId peer) throws CryptoException {
        if (channel != null) {
            return establishShared(peer).info(); // fresh ephemeral keys: forward secrecy and a new transcript
        }
        PeerSession s = table.current(peer);
        ModeSession m = s == null ? null : active(s);
        if (m == null) {
            throw new CryptoException(Reason.NO_SESSION, "no session with " + peer + " to rotate");
        }
        m.rotate(); // no transport: move the session's own keys forward
        return s.info();
    }

    @Override
    public Optional<SessionInfo> session(PeerId peer) {
        return Optional.ofNullable(table.current(peer)).map(PeerSession::info);
    }

    @Override
    public List<SessionInfo> sessions() {
        return table.currentSessions().stream().map(PeerSession::info)
                .sorted(Comparator.comparing(i -> i.peer().toString())).toList();
    }

    @Override
    public void close(PeerId peer) {
        for (PeerSession s : table.removePeer(peer)) {
            s.end("closed on request");
        }
    }

    @Override
    public List<ModeInfo> modes() {
        return registry.installed().stream().map(ModeRegistry.Entry::info).toList();
    }

    @Override
    public EncryptionPolicy policy() {
        CryptoSettings s = settings;
        return new EncryptionPolicy(s.mode(), s.allowed(), registry.offered(s));
    }

    /** Ends every session (component deactivation). */
    void shutdown() {
        for (PeerSession s : table.all()) {
            table.remove(s);
            s.end("encryption service stopped");
        }
    }

    /** Installs a session that a key exchange produced; the peer's previous one retires. */
    void install(PeerSession s) {
        for (PeerSession dropped : table.install(s, clock.instant())) {
            dropped.end("replaced by newer sessions");
        }
        log.info("session with " + s.peer + ": mode '" + s.modeId + "', id " + s.sessionIdHex
                + (s.initiator ? " (we initiated)" : " (peer initiated)"));
    }

    /** Runs a key exchange with {@code peer}, or joins the one already running. */
    PeerSession establishShared(PeerId peer) throws CryptoException {
        if (peer.equals(identity.peerId())) {
            throw new CryptoException(Reason.PEER_ID_MISMATCH, "cannot exchange keys with this node itself");
        }
        CompletableFuture<PeerSession> mine = new CompletableFuture<>();
        CompletableFuture<PeerSession> running = inflight.putIfAbsent(peer, mine);
        if (running != null) {
            return join(running, peer);
        }
        try {
            PeerSession s = runExchange(peer);
            mine.complete(s);
            return s;
        } catch (CryptoException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(peer, mine);
        }
    }

    private PeerSession runExchange(PeerId peer) throws CryptoException {
        PeerChannel c = channel;
        if (c == null) {
            throw new CryptoException(Reason.PEER_UNREACHABLE, "no transport (Host service) to exchange keys with "
                    + peer);
        }
        KeyExchange.Pending pending = exchange.start(peer);
        byte[] reply;
        try {
            reply = c.request(peer, pending.initiate, settings.exchangeTimeout());
        } catch (IOException e) {
            pending.abandon();
            throw new CryptoException(Reason.PEER_UNREACHABLE, "key exchange with " + peer + " failed: "
                    + e.getMessage(), e);
        }
        PeerSession s = exchange.finish(pending, reply);
        install(s);
        return s;
    }

    private PeerSession join(CompletableFuture<PeerSession> running, PeerId peer) throws CryptoException {
        try {
            return running.get(settings.exchangeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CryptoException ce) {
                throw new CryptoException(ce.reason(), ce.getMessage(), ce);
            }
            throw new CryptoException(Reason.PEER_UNREACHABLE, "key exchange with " + peer + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new CryptoException(Reason.PEER_UNREACHABLE, "key exchange with " + peer + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CryptoException(Reason.PEER_UNREACHABLE, "interrupted waiting for the key exchange with " + peer);
        }
    }

    /** The session's mode, waiting while it is handed over to an updated provider; null once it ended. */
    private ModeSession active(PeerSession s) throws CryptoException {
        try {
            return s.awaitActive(PeerSession.nanos(settings.handover()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CryptoException(Reason.MODE_UNAVAILABLE, "interrupted waiting for the provider of '" + s.modeId
                    + "'");
        }
    }

    /** What to say when a session ended under a caller; the caller then negotiates again, if the policy allows. */
    private CryptoException ended(PeerSession s) throws CryptoException {
        table.remove(s);
        String why = s.endReason();
        if (s.state() == PeerSession.State.PARKED) {
            handover.lost(s, "its provider did not come back within " + settings.handover().toSeconds() + " s");
            why = s.endReason();
        }
        if (settings.onProviderLoss() == CryptoSettings.ProviderLossPolicy.CLOSE && handover.endedByProviderLoss(s)) {
            throw new CryptoException(Reason.MODE_UNAVAILABLE, "session with " + s.peer + " in mode '" + s.modeId
                    + "' was closed: " + why + " (encryption.onProviderLoss=close)");
        }
        return new CryptoException(Reason.NO_SESSION, "session with " + s.peer + " ended: " + why);
    }

    private void requireNotRevoked(PeerSession s) throws CryptoException {
        String fp = s.context.revokedKey();
        if (fp != null) {
            table.remove(s);
            s.end("key " + fp.substring(0, 16) + "... was revoked");
            throw new CryptoException(Reason.REVOKED, "session with " + s.peer + " depends on key " + fp.substring(0, 16)
                    + "..., which was revoked; the session is closed");
        }
    }

    private void revoked(RevocationRecord r) {
        for (PeerSession s : table.all()) {
            if (s.context.dependsOn(r.fingerprintHex())) {
                table.remove(s);
                s.end("key " + r.fingerprintHex().substring(0, 16) + "... revoked by " + r.owner());
                log.warn("closed session with " + s.peer + " (mode '" + s.modeId + "'): it used key "
                        + r.fingerprintHex().substring(0, 16) + "..., revoked by " + r.owner() + ": " + r.reason());
            }
        }
    }

    private void expireRetired() {
        try {
            table.expireRetired(clock.instant()).forEach(s -> s.end("retired session's grace period is over"));
        } catch (RuntimeException e) {
            log.warn("expiring retired sessions failed: " + e);
        }
    }

    PeerChannel channel() {
        return channel;
    }

    /** The fingerprint of {@code peer}'s identity key: inlined in its peer ID, or pinned by a session. */
    String remoteFingerprint(PeerId peer) throws CryptoException {
        if (peer.equals(identity.peerId())) {
            return io.nodus.crypto.spi.Sha256.displayFingerprint(identity.publicKeyProtobuf());
        }
        Optional<byte[]> inlined = peer.extractPublicKeyProtobuf();
        if (inlined.isPresent()) {
            return io.nodus.crypto.spi.Sha256.displayFingerprint(inlined.get());
        }
        PeerSession s = table.current(peer);
        if (s != null && s.context.remote() != null) {
            return io.nodus.crypto.spi.Sha256.displayFingerprint(s.context.remote().keyProtobuf);
        }
        throw new CryptoException(Reason.NO_SESSION, peer + " hashes its key into its peer ID; its fingerprint is"
                + " known after a key exchange");
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
