package io.nodus.chat.impl.engine;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatException.Reason;
import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.protocol.Text;
import io.nodus.chat.impl.protocol.Typing;
import io.nodus.chat.impl.ratchet.ChatPrekeys;
import io.nodus.chat.impl.ratchet.PrekeyFile;
import io.nodus.chat.impl.session.ChatSession;
import io.nodus.chat.impl.session.SessionStarter;
import io.nodus.chat.impl.session.SessionTable;

/**
 * The chat engine behind {@link io.nodus.api.chat.ChatService}: sessions, the outbox and its flushing, message
 * state, groups and files. Everything it holds is in memory; a purge every second drops what expired. Logs carry
 * message ids, sizes and peers, never content.
 */
public final class ChatEngine implements AutoCloseable {

    static final System.Logger LOG = System.getLogger(ChatEngine.class.getName());
    /** Largest text of one message, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;
    static final Duration TYPING_TTL = Duration.ofSeconds(5);
    static final int MAX_RECEIPT_IDS = 512;
    /** How long a signed prekey is used before the next one replaces it (the one before is kept as long again). */
    static final Duration SIGNED_PREKEY_LIFETIME = Duration.ofDays(1);
    private static final HexFormat HEX = HexFormat.of();

    private volatile Host host;
    final PeerId self;
    volatile ChatSettings settings;
    final Clock clock;
    final SecureRandom random = new SecureRandom();
    final ChatEvents events;
    final SessionTable sessions = new SessionTable();
    final Outbox outbox;
    final MessageLog log = new MessageLog();
    final InboundOrder order = new InboundOrder();
    final DeliveryTracker tracker = new DeliveryTracker();
    final GroupDirectory groups = new GroupDirectory();
    final RelayStore relay = new RelayStore();
    final ChatPrekeys prekeys;
    final SessionStarter.PeerVerifier verifier;
    final SessionStarter starter;
    final RelayService relayService;
    final RelayClient relayClient;
    final FileTransfers files;
    final PeerSender sender;
    final InboundHandler inbound;
    /** This incarnation of the engine: message numbers start at 0 again in each (see {@link InboundOrder}). */
    final long epoch;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    final ScheduledExecutorService timer;
    final ExecutorService workers;
    private volatile boolean closed;

    public ChatEngine(Host host, NodeIdentity identity, ChatSettings settings,
            SessionStarter.ProtectionPolicy policy, ChatEvents events, Clock clock) {
        this(host, identity, settings, policy, events, clock, null);
    }

    /** @param prekeyFile keeps the X3DH identity key and signed prekeys across restarts (null: memory only) */
    public ChatEngine(Host host, NodeIdentity identity, ChatSettings settings,
            SessionStarter.ProtectionPolicy policy, ChatEvents events, Clock clock, PrekeyFile prekeyFile) {
        this.host = host;
        this.self = identity.peerId();
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.epoch = random.nextLong();
        this.outbox = new Outbox(settings.maxQueuedPerPeer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "nodus-chat-timer"));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "nodus-chat-worker"));
        this.prekeys = new ChatPrekeys(identity::sign, random, clock, SIGNED_PREKEY_LIFETIME, prekeyFile);
        this.verifier = (peer, data, sig) -> {
            try {
                return peer.extractPublicKeyProtobuf().map(k -> identity.verify(k, data, sig)).orElse(false);
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
        this.starter = new SessionStarter(() -> this.host, self, prekeys, identity::sign, verifier, policy,
                settings.ratchetLimits(), random, clock, timer);
        this.sender = new PeerSender(this);
        this.files = new FileTransfers(this);
        this.inbound = new InboundHandler(this);
        this.relayService = new RelayService(this);
        this.relayClient = new RelayClient(this);
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The libp2p host comes and goes (a dynamic reference, which breaks the host's cycle with its handlers). */
    public void setHost(Host h) {
        this.host = h;
    }

    /** The host, or an IOException when none is bound. */
    Host host() throws java.io.IOException {
        Host h = host;
        if (h == null) {
            throw new java.io.IOException("no libp2p host");
        }
        return h;
    }

    /** Applies new limits and timings; sessions, messages and queues stay. */
    public void reconfigure(ChatSettings s) {
        this.settings = s;
    }

    public InboundHandler inbound() {
        return inbound;
    }

    public FileTransfers files() {
        return files;
    }

    // ---- sessions

    public ChatSessionInfo open(PeerId peer) throws ChatException {
        requireOpen();
        requireOther(peer);
        ChatSession s = sender.session(peer);
        sender.flushSoon(peer);
        return s.info(outbox.size(peer));
    }

    void installSession(ChatSession s, boolean inbound) {
        ChatSession before = sessions.current(s.peer());
        for (ChatSession old : sessions.install(s)) {
            events.fire(l -> l.sessionChanged(old.info(0)));
        }
        LOG.log(Level.INFO, "chat session {0} with {1} open ({2}, {3})", s.idHex(), s.peer(),
                s.protection().name(), inbound ? "inbound" : "outbound");
        ChatSessionInfo info = s.info(outbox.size(s.peer()));
        events.fire(l -> l.sessionChanged(info));
        if (inbound && before != null) {
            // the peer started anew (e.g. it restarted): what it may have lost goes again on the new session
            outbox.resendAll(s.peer());
        }
        if (inbound) {
            sender.flushSoon(s.peer());
        }
    }

    public void close(PeerId peer) {
        List<ChatSession> closedSessions = sender.closeSessions(peer);
        outbox.clear(peer);
        order.forget(peer);
        for (ChatSession s : closedSessions) {
            LOG.log(Level.INFO, "chat session {0} with {1} closed, keys erased", s.idHex(), peer);
            ChatSessionInfo info = s.info(0);
            events.fire(l -> l.sessionChanged(info));
        }
    }

    void sessionEndedByPeer(PeerId peer, String idHex, boolean unknown) {
        ChatSession s = sessions.remove(peer, idHex);
        if (s == null) {
            return;
        }
        LOG.log(Level.INFO, "chat session {0} with {1} {2}, keys erased", idHex, peer,
                unknown ? "unknown to the peer" : "closed by the peer");
        ChatSessionInfo info = s.info(outbox.size(peer));
        events.fire(l -> l.sessionChanged(info));
        if (unknown && outbox.resendAll(peer) > 0) {
            sender.flushSoon(peer);
        }
    }

    public List<ChatSessionInfo> sessions() {
        List<ChatSessionInfo> out = new ArrayList<>();
        for (ChatSession s : sessions.currentSessions()) {
            out.add(s.info(outbox.size(s.peer())));
        }
        return out;
    }

    /** Every session kept, current or older (tests of erasure look at their keys). */
    public List<ChatSession> allSessions() {
        return sessions.all();
    }

    // ---- messages

    public ChatMessage send(Conversation to, String text, Duration ttl) throws ChatException {
        requireOpen();
        if (text == null || text.isEmpty()) {
            throw new ChatException(Reason.INVALID, "empty message");
        }
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEXT_BYTES) {
            throw new ChatException(Reason.INVALID, "message of " + bytes + " bytes exceeds " + MAX_TEXT_BYTES);
        }
        Duration life = ttl == null ? settings.defaultTtl() : ttl;
        if (life.isZero() || life.isNegative() || life.compareTo(settings.maxTtl()) > 0) {
            throw new ChatException(Reason.INVALID, "TTL must be above 0 and at most " + settings.maxTtl());
        }
        Set<PeerId> recipients = recipients(to);
        String id = newId();
        long seq = sequences.computeIfAbsent(to.toString(), c -> new AtomicLong()).getAndIncrement();
        Instant now = clock.instant();
        Instant expires = now.plus(life);
        ChatMessage m = new ChatMessage(id, to, self, true, text, seq, now, expires, ChatMessage.Status.QUEUED);
        Payload p = Payload.newBuilder().setId(ByteString.fromHex(id)).setText(Text.newBuilder()
                .setGroupId(to.isGroup() ? to.id() : "").setEpoch(epoch).setSeq(seq)
                .setSentAtMs(now.toEpochMilli()).setTtlMs(life.toMillis()).setText(text)).build();
        for (PeerId r : recipients) {
            if (outbox.size(r) >= settings.maxQueuedPerPeer()) {
                throw new ChatException(Reason.INVALID, "the outbox for " + r + " is full ("
                        + settings.maxQueuedPerPeer() + " items)");
            }
        }
        log.add(m);
        tracker.track(id, recipients, expires);
        for (PeerId r : recipients) {
            outbox.add(r, new OutboxItem(id, p, true, expires, to.toString(), seq));
        }
        LOG.log(Level.DEBUG, "chat message {0} queued for {1} recipient(s), {2} bytes", id, recipients.size(), bytes);
        for (PeerId r : recipients) {
            sender.flush(r);
        }
        return log.get(id) == null ? m : log.get(id);
    }

    public void typing(Conversation c, boolean typing) throws ChatException {
        requireOpen();
        Payload p = Payload.newBuilder().setTyping(Typing.newBuilder().setTyping(typing)
                .setGroupId(c.isGroup() ? c.id() : "")).build();
        Instant expires = clock.instant().plus(TYPING_TTL);
        for (PeerId r : recipients(c)) {
            outbox.add(r, new OutboxItem(newId(), p, false, expires, null, -1));
            sender.flushSoon(r);
        }
    }

    public List<ChatMessage> history(Conversation c) {
        log.purge(clock.instant()); // an expired message is never shown, also between two sweeps
        return log.history(c);
    }

    public List<ChatMessage> receive() {
        List<ChatMessage> unread = log.markSeen(null);
        sendReadReceipts(unread);
        return unread;
    }

    public void markRead(Conversation c) {
        sendReadReceipts(log.markSeen(c));
    }

    private void sendReadReceipts(List<ChatMessage> seen) {
        Set<PeerId> peers = new LinkedHashSet<>();
        for (ChatMessage m : seen) {
            sender.link(m.sender()).queueReceipt(ByteString.fromHex(m.id()), true);
            peers.add(m.sender());
        }
        peers.forEach(sender::flushSoon);
    }

    void markOutgoing(String id, ChatMessage.Status status) {
        ChatMessage m = log.get(id);
        if (m == null || !m.outgoing() || m.status().ordinal() >= status.ordinal()) {
            return;
        }
        ChatMessage updated = log.update(id, status);
        if (updated != null) {
            events.fire(l -> l.messageUpdated(updated));
        }
    }

    Set<PeerId> recipients(Conversation to) throws ChatException {
        if (!to.isGroup()) {
            PeerId peer = to.peerId();
            requireOther(peer);
            return Set.of(peer);
        }
        ChatGroup g = groups.get(to.id());
        if (g == null || !g.members().contains(self)) {
            throw new ChatException(Reason.UNKNOWN, "not a member of group " + to.id());
        }
        Set<PeerId> out = new LinkedHashSet<>(g.members());
        out.remove(self);
        return out;
    }

    // ---- groups

    public ChatGroup createGroup(String name, java.util.Collection<PeerId> members) throws ChatException {
        requireOpen();
        ChatGroup g = groups.create(name == null || name.isBlank() ? "group" : name, self, members, random);
        announce(g, g.members());
        return g;
    }

    public ChatGroup changeGroup(String id, PeerId member, boolean add) throws ChatException {
        requireOpen();
        ChatGroup g = groups.change(id, self, member, add);
        Set<PeerId> told = new LinkedHashSet<>(g.members());
        told.add(member);
        announce(g, told);
        return g;
    }

    private void announce(ChatGroup g, java.util.Collection<PeerId> to) {
        LOG.log(Level.INFO, "chat group {0} epoch {1}: {2} members", g.id(), g.epoch(), g.members().size());
        events.fire(l -> l.groupChanged(g));
        Payload p = Payload.newBuilder().setId(ByteString.fromHex(newId()))
                .setGroupUpdate(GroupCodec.encode(g)).build();
        Instant expires = clock.instant().plus(settings.maxTtl());
        for (PeerId r : to) {
            if (!r.equals(self)) {
                outbox.add(r, new OutboxItem(HEX.formatHex(p.getId().toByteArray()), p, true, expires, null, -1));
                sender.flushSoon(r);
            }
        }
    }

    public List<ChatGroup> groups() {
        return groups.all();
    }

    // ---- housekeeping

    String newId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HEX.formatHex(id);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (OutboxItem item : outbox.purge(now)) {
                LOG.log(Level.DEBUG, "chat outbox item {0} expired undelivered", item.id);
            }
            int purged = log.purge(now);
            if (purged > 0) {
                LOG.log(Level.DEBUG, "chat: {0} expired message(s) erased", purged);
            }
            order.purge(now);
            groups.purge(now);
            tracker.purge(now);
            files.purge(now);
            relay.purge(now);
            if (prekeys.rotateIfDue()) {
                workers.execute(relayClient::publishEverywhere);
            }
            for (PeerId peer : outbox.resendUnacknowledged(now, settings.ackTimeout())) {
                sender.flushSoon(peer);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chat housekeeping failed: {0}", e.toString());
        }
    }

    public Duration defaultTtl() {
        return settings.defaultTtl();
    }

    /** Items waiting in every outbox (tests). */
    public int queued() {
        return outbox.total();
    }

    /** Sealed messages held here for other peers, as a relay (tests). */
    public int relayed() {
        return relay.size();
    }

    /** Prekey bundles held here for other peers, as a relay (tests). */
    public int publishedBundles() {
        return relay.bundles();
    }

    /** Messages alive in the log (tests). */
    public int stored() {
        return log.size();
    }

    public void connected(PeerId peer) {
        if (settings.relays().contains(peer) && !peer.equals(self)) {
            try {
                workers.execute(() -> {
                    relayClient.publish(peer);
                    relayClient.collect(peer);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
        outbox.resendDeposited(peer);
        if (outbox.size(peer) > 0 || sender.link(peer).hasReceipts()) {
            sender.link(peer).succeeded();
            sender.flushSoon(peer);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() throws ChatException {
        if (closed) {
            throw new ChatException(Reason.CLOSED, "the chat service is stopping");
        }
    }

    private void requireOther(PeerId peer) throws ChatException {
        if (peer.equals(self)) {
            throw new ChatException(Reason.INVALID, "cannot chat with this node itself");
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
        sender.closeAll();
        sessions.closeAll();
        prekeys.destroy();
        files.clear();
        log.clear();
    }
}
