package io.nodus.chat.impl.session;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.ratchet.RatchetException;

/** One established chat session with a peer: its id, its payload protection and counters. */
public final class ChatSession {

    private final PeerId peer;
    private final byte[] id;
    private final String idHex;
    private final boolean initiator;
    private final PayloadProtection protection;
    private final Instant openedAt;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;

    public ChatSession(PeerId peer, byte[] id, boolean initiator, PayloadProtection protection, Instant openedAt) {
        this.peer = peer;
        this.id = id.clone();
        this.idHex = HexFormat.of().formatHex(id);
        this.initiator = initiator;
        this.protection = protection;
        this.openedAt = openedAt;
    }

    public SendEphemeralMessage seal(Payload payload) throws RatchetException {
        SendEphemeralMessage m = protection.seal(payload.toByteArray()).setSessionId(ByteString.copyFrom(id)).build();
        sent.incrementAndGet();
        return m;
    }

    public Payload open(SendEphemeralMessage message) throws RatchetException {
        byte[] plain = protection.open(message);
        try {
            Payload p = Payload.parseFrom(plain);
            received.incrementAndGet();
            return p;
        } catch (InvalidProtocolBufferException e) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "payload does not parse");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    public void close() {
        closed = true;
        protection.destroy();
    }

    public boolean isClosed() {
        return closed;
    }

    public PeerId peer() {
        return peer;
    }

    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return idHex;
    }

    public boolean initiator() {
        return initiator;
    }

    public PayloadProtection protection() {
        return protection;
    }

    public ChatSessionInfo info(int queued) {
        return new ChatSessionInfo(peer, idHex, closed ? ChatSessionInfo.State.CLOSED : ChatSessionInfo.State.OPEN,
                protection.name(), initiator, openedAt, sent.get(), received.get(), queued);
    }
}
