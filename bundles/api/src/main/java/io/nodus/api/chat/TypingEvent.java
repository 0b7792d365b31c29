package io.nodus.api.chat;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A peer started or stopped typing in a conversation.
 *
 * @param conversation the conversation (for a group, the group)
 * @param peer         who types
 * @param typing       true while typing
 * @param at           when we heard it
 */
public record TypingEvent(Conversation conversation, PeerId peer, boolean typing, Instant at) {
}
