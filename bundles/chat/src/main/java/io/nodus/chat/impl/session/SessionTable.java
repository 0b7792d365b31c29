package io.nodus.chat.impl.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nodus.api.identity.PeerId;

/**
 * The sessions of every peer. Sending uses the peer's current session (the one established last); receiving looks
 * a session up by its id, so messages still in flight on an older session (e.g. after both sides started one at the
 * same time) open too. At most {@value #MAX_PER_PEER} sessions are kept per peer; older ones are closed.
 */
public final class SessionTable {

    public static final int MAX_PER_PEER = 4;

    private final Map<PeerId, LinkedHashMap<String, ChatSession>> byPeer = new HashMap<>();
    private final Map<PeerId, ChatSession> current = new HashMap<>();

    /** Installs a new session as the current one; returns sessions evicted (already closed). */
    public synchronized List<ChatSession> install(ChatSession session) {
        LinkedHashMap<String, ChatSession> all = byPeer.computeIfAbsent(session.peer(), p -> new LinkedHashMap<>());
        all.put(session.idHex(), session);
        current.put(session.peer(), session);
        List<ChatSession> evicted = new ArrayList<>();
        Iterator<ChatSession> it = all.values().iterator();
        while (all.size() > MAX_PER_PEER && it.hasNext()) {
            ChatSession old = it.next();
            it.remove();
            old.close();
            evicted.add(old);
        }
        return evicted;
    }

    public synchronized ChatSession current(PeerId peer) {
        return current.get(peer);
    }

    public synchronized ChatSession byId(PeerId peer, String idHex) {
        Map<String, ChatSession> all = byPeer.get(peer);
        return all == null ? null : all.get(idHex);
    }

    /** Removes one session (closed by the peer, or unknown to it); returns it closed, or null. */
    public synchronized ChatSession remove(PeerId peer, String idHex) {
        LinkedHashMap<String, ChatSession> all = byPeer.get(peer);
        ChatSession s = all == null ? null : all.remove(idHex);
        if (s == null) {
            return null;
        }
        s.close();
        if (current.get(peer) == s) {
            current.remove(peer);
            ChatSession newest = null;
            for (ChatSession c : all.values()) {
                newest = c;
            }
            if (newest != null) {
                current.put(peer, newest);
            }
        }
        if (all.isEmpty()) {
            byPeer.remove(peer);
        }
        return s;
    }

    /** Removes and closes every session with the peer. */
    public synchronized List<ChatSession> removeAll(PeerId peer) {
        LinkedHashMap<String, ChatSession> all = byPeer.remove(peer);
        current.remove(peer);
        if (all == null) {
            return List.of();
        }
        List<ChatSession> out = new ArrayList<>(all.values());
        out.forEach(ChatSession::close);
        return out;
    }

    /** The current session of every peer. */
    public synchronized List<ChatSession> currentSessions() {
        return new ArrayList<>(current.values());
    }

    /** Every session kept (current and older). */
    public synchronized List<ChatSession> all() {
        List<ChatSession> out = new ArrayList<>();
        byPeer.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    public synchronized List<ChatSession> closeAll() {
        List<ChatSession> out = all();
        out.forEach(ChatSession::close);
        byPeer.clear();
        current.clear();
        return out;
    }
}
