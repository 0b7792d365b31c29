package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.Conversation;

/**
 * The messages of every conversation, in memory only, in the order they were sent (ours) or delivered (theirs);
 * each is dropped at its expiry.
 */
final class MessageLog {

    private final Map<Conversation, LinkedHashMap<String, ChatMessage>> conversations = new HashMap<>();
    private final Map<String, Conversation> index = new HashMap<>();

    synchronized boolean contains(String id) {
        return index.containsKey(id);
    }

    synchronized void add(ChatMessage m) {
        conversations.computeIfAbsent(m.conversation(), c -> new LinkedHashMap<>()).put(m.id(), m);
        index.put(m.id(), m.conversation());
    }

    synchronized ChatMessage get(String id) {
        Conversation c = index.get(id);
        return c == null ? null : conversations.get(c).get(id);
    }

    /** Replaces a message's status; returns the updated message, or null when it is gone. */
    synchronized ChatMessage update(String id, ChatMessage.Status status) {
        Conversation c = index.get(id);
        if (c == null) {
            return null;
        }
        ChatMessage m = conversations.get(c).get(id).withStatus(status);
        conversations.get(c).put(id, m);
        return m;
    }

    synchronized List<ChatMessage> history(Conversation c) {
        LinkedHashMap<String, ChatMessage> m = conversations.get(c);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /** Incoming messages not yet read, across conversations, oldest delivery first within each conversation. */
    synchronized List<ChatMessage> unread() {
        List<ChatMessage> out = new ArrayList<>();
        for (LinkedHashMap<String, ChatMessage> m : conversations.values()) {
            for (ChatMessage msg : m.values()) {
                if (msg.status() == ChatMessage.Status.RECEIVED) {
                    out.add(msg);
                }
            }
        }
        return out;
    }

    /** Marks incoming unread messages of the conversation (every one when null) as seen; returns them as they were. */
    synchronized List<ChatMessage> markSeen(Conversation only) {
        List<ChatMessage> out = new ArrayList<>();
        for (Map.Entry<Conversation, LinkedHashMap<String, ChatMessage>> e : conversations.entrySet()) {
            if (only != null && !only.equals(e.getKey())) {
                continue;
            }
            for (Map.Entry<String, ChatMessage> me : e.getValue().entrySet()) {
                if (me.getValue().status() == ChatMessage.Status.RECEIVED) {
                    out.add(me.getValue());
                    me.setValue(me.getValue().withStatus(ChatMessage.Status.SEEN));
                }
            }
        }
        return out;
    }

    /** Drops expired messages; returns how many. */
    synchronized int purge(Instant now) {
        int n = 0;
        for (Iterator<LinkedHashMap<String, ChatMessage>> ci = conversations.values().iterator(); ci.hasNext();) {
            LinkedHashMap<String, ChatMessage> m = ci.next();
            for (Iterator<ChatMessage> it = m.values().iterator(); it.hasNext();) {
                ChatMessage msg = it.next();
                if (!msg.expiresAt().isAfter(now)) {
                    it.remove();
                    index.remove(msg.id());
                    n++;
                }
            }
            if (m.isEmpty()) {
                ci.remove();
            }
        }
        return n;
    }

    synchronized int size() {
        return index.size();
    }

    synchronized void clear() {
        conversations.clear();
        index.clear();
    }
}
