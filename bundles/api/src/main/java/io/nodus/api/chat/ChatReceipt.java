package io.nodus.api.chat;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A peer acknowledged one of our messages.
 *
 * @param conversation where the message belongs
 * @param messageId    the message
 * @param from         the peer that sent the receipt
 * @param kind         DELIVERED (it arrived) or READ (its user saw it)
 * @param at           when we got the receipt
 */
public record ChatReceipt(Conversation conversation, String messageId, PeerId from, Kind kind, Instant at) {

    public enum Kind {
        DELIVERED, READ
    }
}
