package io.nodus.api.chat;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A snapshot of one chat message. Messages live in memory only and disappear at {@code expiresAt}.
 *
 * @param id           hex message id, the same on every node
 * @param conversation where it belongs
 * @param sender       who wrote it
 * @param outgoing     true when this node sent it
 * @param text         the content
 * @param sequence     the sender's sequence number in this conversation (ordering)
 * @param sentAt       when the sender sent it (sender's clock)
 * @param expiresAt    when it is erased (TTL)
 * @param status       where it stands
 */
public record ChatMessage(String id, Conversation conversation, PeerId sender, boolean outgoing, String text,
        long sequence, Instant sentAt, Instant expiresAt, Status status) {

    public enum Status {
        /** Outgoing, waiting for the peer (offline, no session yet). */
        QUEUED,
        /** Outgoing, written to the peer, not yet acknowledged. */
        SENT,
        /** Outgoing, the peer (every member of a group) acknowledged it. */
        DELIVERED,
        /** Outgoing, the peer (every member of a group) read it. */
        READ,
        /** Incoming, not yet read here. */
        RECEIVED,
        /** Incoming, read here (a read receipt went back). */
        SEEN
    }

    public ChatMessage withStatus(Status s) {
        return new ChatMessage(id, conversation, sender, outgoing, text, sequence, sentAt, expiresAt, s);
    }
}
