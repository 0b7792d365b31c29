package io.nodus.chat.impl.engine;

import java.time.Instant;

import io.nodus.chat.impl.protocol.Payload;

/**
 * One payload waiting for a peer. Items that ask for a receipt stay until the peer acknowledges their id or they
 * expire; the others leave once written.
 */
final class OutboxItem {

    final String id;
    final Payload payload;
    final boolean awaitAck;
    final Instant expiresAt;
    /** Conversation key and sequence number of a text message, for the floor; null and -1 otherwise. */
    final String conversation;
    final long seq;
    boolean sent;
    /** Sealed and left at a relay: sent again only when the peer shows up directly. */
    boolean deposited;
    Instant sentAt;

    OutboxItem(String id, Payload payload, boolean awaitAck, Instant expiresAt, String conversation, long seq) {
        this.id = id;
        this.payload = payload;
        this.awaitAck = awaitAck;
        this.expiresAt = expiresAt;
        this.conversation = conversation;
        this.seq = seq;
    }
}
