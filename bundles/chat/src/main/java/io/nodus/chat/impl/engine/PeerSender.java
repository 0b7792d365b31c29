package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.identity.PeerId;
import io.nodus.api.chat.ChatService;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.CloseChatSession;
import io.nodus.chat.impl.protocol.Deposit;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.protocol.Receipt;
import io.nodus.chat.impl.protocol.RelayRefusedException;
import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.protocol.SessionUnknown;
import io.nodus.chat.impl.protocol.Text;
import io.nodus.chat.impl.ratchet.RatchetException;
import io.nodus.chat.impl.session.ChatSession;
import io.nodus.chat.impl.session.SessionStarter;

/**
 * Moves the outbox to the peers: per peer, one thread at a time starts the session when there is none, seals the
 * waiting receipts and items in order and writes them; a failure leaves them queued and retries with backoff.
 * Threads that find a flush running leave a mark, and the running one goes round again.
 */
final class PeerSender {

    private final ChatEngine engine;
    private final ConcurrentHashMap<PeerId, PeerLink> links = new ConcurrentHashMap<>();

    PeerSender(ChatEngine engine) {
        this.engine = engine;
    }

    PeerLink link(PeerId peer) {
        return links.computeIfAbsent(peer, PeerLink::new);
    }

    /** The current session with the peer, started now when there is none. */
    ChatSession session(PeerId peer) throws ChatException {
        PeerLink link = link(peer);
        link.lock.lock();
        try {
            return ensureSession(peer);
        } finally {
            link.lock.unlock();
        }
    }

    private ChatSession ensureSession(PeerId peer) throws ChatException {
        ChatSession s = engine.sessions.current(peer);
        if (s != null && !s.isClosed()) {
            return s;
        }
        return engine.starter.initiate(peer, n -> engine.installSession(n, false),
                n -> engine.sessions.remove(peer, n.idHex()));
    }

    void flushSoon(PeerId peer) {
        if (engine.isClosed()) {
            return;
        }
        try {
            engine.workers.execute(() -> flush(peer));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Flushes on this thread, or leaves it to the thread already flushing for the peer. */
    void flush(PeerId peer) {
        PeerLink link = link(peer);
        link.again.set(true);
        while (link.again.get() && link.lock.tryLock()) {
            try {
                link.again.set(false);
                flushLocked(link);
            } finally {
                link.lock.unlock();
            }
        }
    }

    private void flushLocked(PeerLink link) {
        PeerId peer = link.peer;
        if (engine.isClosed() || !engine.outbox.hasUnsent(peer) && !link.hasReceipts()) {
            return;
        }
        ChatSession s;
        try {
            s = ensureSession(peer);
        } catch (ChatException e) {
            s = e.reason() == ChatException.Reason.PEER_UNREACHABLE ? startViaRelay(peer) : null;
            if (s == null) {
                ChatEngine.LOG.log(Level.DEBUG, "chat: no session with {0} yet: {1}", peer, e.getMessage());
                retryLater(link);
                return;
            }
        }
        try {
            sendReceipts(link, s, false);
            sendReceipts(link, s, true);
            OutboxItem item;
            while ((item = engine.outbox.nextUnsent(peer)) != null) {
                if (!item.expiresAt.isAfter(engine.clock.instant())) {
                    continue;
                }
                Payload p = item.payload;
                if (p.hasText()) {
                    long floor = engine.outbox.floor(peer, item.conversation, item.seq);
                    p = p.toBuilder().setText(Text.newBuilder(p.getText()).setFloor(floor)).build();
                }
                try {
                    link.write(engine.host(), frame(s.seal(p)));
                } catch (IOException | RatchetException e) {
                    engine.outbox.unsendFirst(peer, item);
                    throw e;
                }
                engine.outbox.markSent(peer, item, engine.clock.instant());
                if (p.hasText()) {
                    engine.markOutgoing(item.id, ChatMessage.Status.SENT);
                }
            }
            link.succeeded();
        } catch (IOException e) {
            ChatEngine.LOG.log(Level.DEBUG, "chat: sending to {0} failed: {1}", peer, e.toString());
            if (deposit(peer, s)) {
                link.succeeded();
                return;
            }
            retryLater(link);
        } catch (RatchetException e) {
            engine.sessions.remove(peer, s.idHex());
            engine.outbox.resendAll(peer);
            retryLater(link);
        }
    }

    /**
     * The peer cannot be reached and we hold no session with it: starts one from the bundle it published at a relay
     * (X3DH with the relay as the server) and leaves the start there; the items follow to the relay sealed in the new
     * session. Null when no relay could.
     */
    private ChatSession startViaRelay(PeerId peer) {
        for (PeerId relay : engine.relayClient.relaysFor(peer)) {
            try {
                SessionStarter.OfflineStart start = engine.starter.initiateOffline(peer,
                        engine.relayClient.fetchBundle(relay, peer));
                try {
                    engine.relayClient.depositStart(relay, peer, start.start(), engine.settings.maxTtl().toMillis());
                } catch (IOException e) {
                    start.session().close();
                    throw e;
                }
                engine.installSession(start.session(), false);
                ChatEngine.LOG.log(Level.INFO, "chat session {0} with {1} started through relay {2} (peer offline)",
                        start.session().idHex(), peer, relay);
                return start.session();
            } catch (IOException | ChatException e) {
                ChatEngine.LOG.log(Level.DEBUG, "chat: no session with {0} through relay {1}: {2}", peer, relay,
                        e.getMessage());
            }
        }
        return null;
    }

    /**
     * The peer cannot be reached: seals what waits for it in the current session and leaves it at the first trusted
     * relay that takes it. The items stay in the outbox until the peer acknowledges them.
     *
     * @return true when everything waiting went to a relay
     */
    private boolean deposit(PeerId peer, ChatSession s) {
        for (PeerId relay : engine.relayClient.relaysFor(peer)) {
            int n = 0;
            try (P2PStream st = engine.host().newStream(relay, ChatService.PROTOCOL)) {
                long receiptTtl = engine.settings.defaultTtl().toMillis();
                SealedSink toRelay = m -> FrameCodec.write(st.output(), deposit(peer, receiptTtl, m));
                for (boolean read : new boolean[] {false, true}) {
                    sendReceipts(link(peer), s, read, toRelay);
                }
                OutboxItem item;
                while ((item = engine.outbox.nextUnsent(peer)) != null) {
                    long left = Duration.between(engine.clock.instant(), item.expiresAt).toMillis();
                    if (left <= 0) {
                        continue;
                    }
                    try {
                        Payload p = item.payload;
                        if (p.hasText()) {
                            long floor = engine.outbox.floor(peer, item.conversation, item.seq);
                            p = p.toBuilder().setText(Text.newBuilder(p.getText()).setFloor(floor)).build();
                        }
                        FrameCodec.write(st.output(), deposit(peer, left, s.seal(p)));
                    } catch (IOException | RatchetException e) {
                        engine.outbox.unsendFirst(peer, item);
                        throw new IOException(e);
                    }
                    engine.outbox.markSent(peer, item, engine.clock.instant());
                    item.deposited = true;
                    if (item.payload.hasText()) {
                        engine.markOutgoing(item.id, ChatMessage.Status.SENT);
                    }
                    n++;
                }
                try {
                    RelayClient.finish(st);
                } catch (RelayRefusedException e) {
                    ChatEngine.LOG.log(Level.WARNING, "chat: relay {0} refused items for {1}: {2}", relay, peer,
                            e.getMessage());
                    engine.outbox.resendDeposited(peer);
                    continue;
                }
                ChatEngine.LOG.log(Level.INFO, "chat: {0} sealed item(s) for {1} left at relay {2}", n, peer, relay);
                return true;
            } catch (IOException | RatchetException e) {
                ChatEngine.LOG.log(Level.DEBUG, "chat: relay {0} unavailable: {1}", relay, e.toString());
            }
        }
        return false;
    }

    private static Frame deposit(PeerId peer, long ttlMs, SendEphemeralMessage m) {
        return Frame.newBuilder().setDeposit(Deposit.newBuilder().setRecipient(ByteString.copyFrom(peer.toBytes()))
                .setTtlMs(ttlMs).setMessage(m)).build();
    }

    /** Where sealed messages go: the peer's link, or a relay's deposit stream. */
    private interface SealedSink {
        void write(SendEphemeralMessage m) throws IOException;
    }

    private void sendReceipts(PeerLink link, ChatSession s, boolean read) throws IOException, RatchetException {
        sendReceipts(link, s, read, m -> link.write(engine.host(), frame(m)));
    }

    private void sendReceipts(PeerLink link, ChatSession s, boolean read, SealedSink sink)
            throws IOException, RatchetException {
        List<ByteString> ids;
        while (!(ids = link.takeReceipts(read, ChatEngine.MAX_RECEIPT_IDS)).isEmpty()) {
            Payload p = Payload.newBuilder().setReceipt(Receipt.newBuilder()
                    .setKind(read ? Receipt.Kind.READ : Receipt.Kind.DELIVERED).addAllIds(ids)).build();
            try {
                sink.write(s.seal(p));
            } catch (IOException | RatchetException e) {
                ids.forEach(id -> link.queueReceipt(id, read));
                throw e;
            }
        }
    }

    private void retryLater(PeerLink link) {
        Duration delay = link.failed(engine.settings.retryMin(), engine.settings.retryMax(), engine.clock.instant());
        if (!link.retryScheduled.compareAndSet(false, true) || engine.isClosed()) {
            return;
        }
        try {
            engine.timer.schedule(() -> {
                link.retryScheduled.set(false);
                flushSoon(link.peer);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            link.retryScheduled.set(false);
        }
    }

    /** Sends a frame outside any session (SessionUnknown), from a worker thread, best effort. */
    void control(PeerId peer, Frame frame) {
        try {
            engine.workers.execute(() -> {
                PeerLink link = link(peer);
                link.lock.lock();
                try {
                    link.write(engine.host(), frame);
                } catch (IOException e) {
                    ChatEngine.LOG.log(Level.DEBUG, "chat: control frame to {0} lost: {1}", peer, e.toString());
                } finally {
                    link.lock.unlock();
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    void sessionUnknown(PeerId peer, ByteString id) {
        control(peer, Frame.newBuilder().setSessionUnknown(SessionUnknown.newBuilder().setSessionId(id)).build());
    }

    /** Tells the peer (best effort) and erases every session with it. */
    List<ChatSession> closeSessions(PeerId peer) {
        PeerLink link = link(peer);
        link.lock.lock();
        try {
            List<ChatSession> all = engine.sessions.removeAll(peer);
            for (ChatSession s : all) {
                try {
                    link.write(engine.host(), Frame.newBuilder().setCloseChatSession(
                            CloseChatSession.newBuilder().setSessionId(ByteString.copyFrom(s.id()))).build());
                } catch (IOException e) {
                    break;
                }
            }
            link.finish();
            link.takeReceipts(false, Integer.MAX_VALUE);
            link.takeReceipts(true, Integer.MAX_VALUE);
            return all;
        } finally {
            link.lock.unlock();
        }
    }

    void closeAll() {
        for (PeerLink link : links.values()) {
            if (link.lock.tryLock()) {
                try {
                    link.drop();
                } finally {
                    link.lock.unlock();
                }
            }
        }
        links.clear();
    }

    private static Frame frame(SendEphemeralMessage m) {
        return Frame.newBuilder().setSendEphemeralMessage(m).build();
    }
}
