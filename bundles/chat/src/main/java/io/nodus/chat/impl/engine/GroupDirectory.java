package io.nodus.chat.impl.engine;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatException.Reason;
import io.nodus.api.chat.ChatGroup;
import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.Payload;

/**
 * The groups this node belongs to, and group messages that arrived before the membership update that makes their
 * sender a member (they travel on different pairwise sessions, so they may overtake each other).
 * <p>
 * Group messages are sent by pairwise fan-out: each member gets its own copy sealed in its Double Ratchet session
 * with the sender. We chose this over sender keys because membership changes then need no re-keying protocol: a
 * removed member simply stops being a recipient, so it cannot read anything sent after its removal, and every group
 * message keeps the forward secrecy and post-compromise security of the pairwise ratchets (a sender key only ratchets
 * forward and must be replaced by every member on each removal). The cost, one encryption per member, is small for
 * chat-sized groups. Only the owner changes membership; each change raises the epoch, and members accept an update
 * only from the owner and only with a higher epoch.
 */
final class GroupDirectory {

    /** Most group messages held while their group's membership is unknown. */
    static final int MAX_WAITING = 1000;

    record Waiting(PeerId from, Payload payload, Instant expiresAt) {
    }

    private final Map<String, ChatGroup> groups = new HashMap<>();
    private final List<Waiting> waiting = new ArrayList<>();

    synchronized ChatGroup create(String name, PeerId owner, Collection<PeerId> members, SecureRandom random) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        LinkedHashSet<PeerId> all = new LinkedHashSet<>();
        all.add(owner);
        all.addAll(members);
        ChatGroup g = new ChatGroup(HexFormat.of().formatHex(id), name, owner, new ArrayList<>(all), 1);
        groups.put(g.id(), g);
        return g;
    }

    synchronized ChatGroup get(String id) {
        return groups.get(id);
    }

    synchronized ChatGroup change(String id, PeerId self, PeerId member, boolean add) throws ChatException {
        ChatGroup g = groups.get(id);
        if (g == null) {
            throw new ChatException(Reason.UNKNOWN, "no group " + id);
        }
        if (!g.owner().equals(self)) {
            throw new ChatException(Reason.NOT_OWNER, "only the owner " + g.owner() + " changes group " + id);
        }
        if (member.equals(self)) {
            throw new ChatException(Reason.INVALID, "the owner stays in its group");
        }
        LinkedHashSet<PeerId> members = new LinkedHashSet<>(g.members());
        boolean changed = add ? members.add(member) : members.remove(member);
        if (!changed) {
            throw new ChatException(Reason.INVALID, member + (add ? " is already" : " is not") + " a member of " + id);
        }
        ChatGroup next = new ChatGroup(g.id(), g.name(), g.owner(), new ArrayList<>(members), g.epoch() + 1);
        groups.put(id, next);
        return next;
    }

    /**
     * Applies an update from {@code from}: only the owner's, only a newer epoch. An update that no longer lists this
     * node removes the group here.
     *
     * @return the group as it now stands, or null when the update was ignored
     */
    synchronized ChatGroup apply(PeerId from, PeerId self, ChatGroup update) {
        if (!update.owner().equals(from)) {
            return null;
        }
        ChatGroup known = groups.get(update.id());
        if (known != null && (!known.owner().equals(from) || known.epoch() >= update.epoch())) {
            return null;
        }
        if (update.members().contains(self)) {
            groups.put(update.id(), update);
        } else {
            groups.remove(update.id());
        }
        return update;
    }

    synchronized List<ChatGroup> all() {
        return new ArrayList<>(groups.values());
    }

    synchronized boolean hold(Waiting w) {
        if (waiting.size() >= MAX_WAITING) {
            return false;
        }
        waiting.add(w);
        return true;
    }

    /** Takes the held messages of the group. */
    synchronized List<Waiting> release(String groupId) {
        List<Waiting> out = new ArrayList<>();
        waiting.removeIf(w -> {
            if (w.payload().getText().getGroupId().equals(groupId)) {
                out.add(w);
                return true;
            }
            return false;
        });
        return out;
    }

    synchronized void purge(Instant now) {
        waiting.removeIf(w -> !w.expiresAt().isAfter(now));
    }
}
