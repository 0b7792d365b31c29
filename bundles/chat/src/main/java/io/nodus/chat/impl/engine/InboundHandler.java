package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatReceipt;
import io.nodus.api.chat.Conversation;
import io.nodus.api.chat.TypingEvent;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.ChatProtocolException;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.protocol.Receipt;
import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.protocol.Text;
import io.nodus.chat.impl.ratchet.RatchetException;
import io.nodus.chat.impl.session.ChatSession;

/**
 * Serves inbound {@code /nodus/chat/1.0.0} streams: a stream that starts with a PrekeyRequest is a session start;
 * one that starts with a relay request goes to the {@link RelayService} (or, deposits a relay forwards, to the
 * {@link RelayClient}); any other carries frames until the peer closes it. A message that does not open (replay,
 * tampering, unknown session) is dropped and logged by id; a frame that violates the protocol resets the stream.
 */
public final class InboundHandler {

    private static final HexFormat HEX = HexFormat.of();
    private final ChatEngine engine;

    InboundHandler(ChatEngine engine) {
        this.engine = engine;
    }

    public void handle(P2PStream stream) throws IOException {
        PeerId peer = stream.remotePeer();
        Frame f = FrameCodec.read(stream.input());
        if (f == null) {
            return;
        }
        if (f.getBodyCase() == Frame.BodyCase.PREKEY_REQUEST) {
            engine.starter.respond(stream, f.getPrekeyRequest(), s -> engine.installSession(s, true));
            return;
        }
        switch (f.getBodyCase()) {
            case RECEIVE_CHAT_MESSAGES -> engine.relayService.receive(stream);
            case DEPOSIT -> engine.relayService.deposits(stream, f);
            case PUBLISH_PREKEY_BUNDLE -> engine.relayService.publish(stream, f.getPublishPrekeyBundle());
            case FETCH_PREKEY_BUNDLE -> engine.relayService.fetchBundle(stream, f.getFetchPrekeyBundle());
            case DEPOSITS -> engine.relayClient.forwarded(stream, f);
            default -> messages(peer, stream, f);
        }
    }

    private void messages(PeerId peer, P2PStream stream, Frame first) throws IOException {
        Frame f = first;
        while (f != null && !engine.isClosed()) {
            dispatch(peer, f);
            f = FrameCodec.read(stream.input());
        }
    }

    private void dispatch(PeerId peer, Frame f) throws ChatProtocolException {
        switch (f.getBodyCase()) {
            case SEND_EPHEMERAL_MESSAGE -> message(peer, f.getSendEphemeralMessage());
            case CLOSE_CHAT_SESSION -> engine.sessionEndedByPeer(peer,
                    HEX.formatHex(f.getCloseChatSession().getSessionId().toByteArray()), false);
            case SESSION_UNKNOWN -> engine.sessionEndedByPeer(peer,
                    HEX.formatHex(f.getSessionUnknown().getSessionId().toByteArray()), true);
            case FILE_CHUNK -> engine.files.onChunk(peer, f.getFileChunk());
            default -> throw new ChatProtocolException("unexpected " + f.getBodyCase() + " on a message stream");
        }
    }

    void message(PeerId peer, SendEphemeralMessage m) {
        String sid = HEX.formatHex(m.getSessionId().toByteArray());
        ChatSession s = engine.sessions.byId(peer, sid);
        if (s == null) {
            ChatEngine.LOG.log(Level.DEBUG, "chat: message from {0} in unknown session {1}", peer, sid);
            engine.sender.sessionUnknown(peer, m.getSessionId());
            return;
        }
        Payload p;
        try {
            p = s.open(m);
        } catch (RatchetException e) {
            ChatEngine.LOG.log(Level.DEBUG, "chat: message of {0} bytes from {1} in session {2} refused: {3}",
                    m.getBody().size(), peer, sid, e.reason());
            return;
        }
        boolean ack = switch (p.getBodyCase()) {
            case TEXT -> text(peer, p, engine.clock.instant());
            case RECEIPT -> {
                receipt(peer, p.getReceipt());
                yield false;
            }
            case TYPING -> {
                typing(peer, p);
                yield false;
            }
            case GROUP_UPDATE -> {
                groupUpdate(peer, p);
                yield true;
            }
            case FILE_OFFER -> {
                engine.files.onOffer(peer, p.getFileOffer());
                yield true;
            }
            case FILE_ANSWER -> {
                engine.files.onAnswer(peer, p.getFileAnswer());
                yield true;
            }
            default -> false;
        };
        if (ack && !p.getId().isEmpty()) {
            engine.sender.link(peer).queueReceipt(p.getId(), false);
            engine.sender.flushSoon(peer);
        }
    }

    /** @return true when the message is kept (delivered or held), so a delivery receipt goes back */
    boolean text(PeerId peer, Payload p, Instant now) {
        Text t = p.getText();
        String id = HEX.formatHex(p.getId().toByteArray());
        Conversation c;
        if (t.getGroupId().isEmpty()) {
            c = Conversation.peer(peer);
        } else {
            ChatGroup g = engine.groups.get(t.getGroupId());
            if (g == null) {
                // the membership update may still be on its way from the owner
                return engine.groups.hold(new GroupDirectory.Waiting(peer, p, expiry(t, now)));
            }
            if (!g.members().contains(peer)) {
                ChatEngine.LOG.log(Level.DEBUG, "chat: group {0} message {1} from non-member {2} dropped",
                        g.id(), id, peer);
                return true;
            }
            c = g.conversation();
        }
        if (engine.log.contains(id) || id.isEmpty()) {
            return true;
        }
        Instant expires = expiry(t, now);
        if (!expires.isAfter(now)) {
            return true;
        }
        ChatMessage m = new ChatMessage(id, c, peer, false, t.getText(), t.getSeq(),
                Instant.ofEpochMilli(t.getSentAtMs()), expires, ChatMessage.Status.RECEIVED);
        InboundOrder.Result r = engine.order.accept(m, t.getEpoch(), t.getFloor());
        for (ChatMessage ready : r.ready()) {
            engine.log.add(ready);
            ChatEngine.LOG.log(Level.DEBUG, "chat message {0} from {1} delivered, {2} chars", ready.id(), peer,
                    ready.text().length());
            engine.events.fire(l -> l.messageReceived(ready));
        }
        return r.outcome() != InboundOrder.Outcome.OVERFLOW;
    }

    /** The receiver's own clock decides: the message lives for what is left of its TTL, never longer than the TTL. */
    private Instant expiry(Text t, Instant now) {
        Duration ttl = Duration.ofMillis(Math.min(t.getTtlMs(), engine.settings.maxTtl().toMillis()));
        long age = Math.max(0, now.toEpochMilli() - t.getSentAtMs());
        return now.plus(ttl.minusMillis(Math.min(age, ttl.toMillis())));
    }

    private void receipt(PeerId peer, Receipt r) {
        boolean read = r.getKind() == Receipt.Kind.READ;
        Set<String> ids = new HashSet<>();
        for (ByteString b : r.getIdsList()) {
            ids.add(HEX.formatHex(b.toByteArray()));
        }
        engine.outbox.ack(peer, ids);
        Instant now = engine.clock.instant();
        for (String id : ids) {
            ChatMessage m = engine.log.get(id);
            if (m == null || !m.outgoing()) {
                continue;
            }
            ChatReceipt receipt = new ChatReceipt(m.conversation(), id, peer,
                    read ? ChatReceipt.Kind.READ : ChatReceipt.Kind.DELIVERED, now);
            engine.events.fire(l -> l.receipt(receipt));
            boolean complete = read ? engine.tracker.read(id, peer) : engine.tracker.delivered(id, peer);
            if (complete) {
                engine.markOutgoing(id, read ? ChatMessage.Status.READ : ChatMessage.Status.DELIVERED);
            }
        }
    }

    private void typing(PeerId peer, Payload p) {
        String group = p.getTyping().getGroupId();
        Conversation c;
        if (group.isEmpty()) {
            c = Conversation.peer(peer);
        } else {
            ChatGroup g = engine.groups.get(group);
            if (g == null || !g.members().contains(peer)) {
                return;
            }
            c = g.conversation();
        }
        TypingEvent e = new TypingEvent(c, peer, p.getTyping().getTyping(), engine.clock.instant());
        engine.events.fire(l -> l.typing(e));
    }

    private void groupUpdate(PeerId peer, Payload p) {
        ChatGroup update;
        try {
            update = GroupCodec.decode(p.getGroupUpdate());
        } catch (IllegalArgumentException e) {
            return;
        }
        ChatGroup applied = engine.groups.apply(peer, engine.self, update);
        if (applied == null) {
            return;
        }
        ChatEngine.LOG.log(Level.INFO, "chat group {0} epoch {1} from its owner: {2} members{3}", applied.id(),
                applied.epoch(), applied.members().size(), applied.members().contains(engine.self) ? "" : ", we left");
        engine.events.fire(l -> l.groupChanged(applied));
        List<GroupDirectory.Waiting> held = engine.groups.release(applied.id());
        Instant now = engine.clock.instant();
        for (GroupDirectory.Waiting w : held) {
            if (applied.members().contains(engine.self)) {
                text(w.from(), w.payload(), now);
            }
        }
    }
}
