package io.nodus.api.chat;

import java.util.List;

import io.nodus.api.identity.PeerId;

/**
 * A group conversation. Its owner (creator) alone changes membership; each change raises {@code epoch}.
 *
 * @param id      group id (hex)
 * @param name    a label for people
 * @param owner   the creator
 * @param members every member, owner included
 * @param epoch   membership version
 */
public record ChatGroup(String id, String name, PeerId owner, List<PeerId> members, long epoch) {

    public ChatGroup {
        members = List.copyOf(members);
    }

    public Conversation conversation() {
        return Conversation.group(id);
    }
}
