package io.nodus.api.chat;

import java.util.Objects;

import io.nodus.api.identity.PeerId;

/**
 * Where a message belongs: a one-to-one conversation with a peer, or a group.
 *
 * @param kind PEER or GROUP
 * @param id   the peer ID (base58) or the group id
 */
public record Conversation(Kind kind, String id) {

    /** Prefix of a group conversation in text form: {@code group:<id>}. */
    public static final String GROUP_PREFIX = "group:";

    public enum Kind {
        PEER, GROUP
    }

    public Conversation {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("conversation id must not be empty");
        }
    }

    public static Conversation peer(PeerId peer) {
        return new Conversation(Kind.PEER, peer.toString());
    }

    public static Conversation group(String groupId) {
        return new Conversation(Kind.GROUP, groupId);
    }

    /**
     * Parses {@code group:<id>} or a peer ID.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static Conversation parse(String text) {
        if (text.startsWith(GROUP_PREFIX)) {
            return group(text.substring(GROUP_PREFIX.length()));
        }
        return peer(PeerId.parse(text));
    }

    public boolean isGroup() {
        return kind == Kind.GROUP;
    }

    /** The peer of a one-to-one conversation. */
    public PeerId peerId() {
        if (kind != Kind.PEER) {
            throw new IllegalStateException(this + " is a group conversation");
        }
        return PeerId.parse(id);
    }

    @Override
    public String toString() {
        return kind == Kind.GROUP ? GROUP_PREFIX + id : id;
    }
}
