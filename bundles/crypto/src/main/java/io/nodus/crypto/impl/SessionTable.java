package io.nodus.crypto.impl;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nodus.api.identity.PeerId;

/**
 * Sessions by peer and by session id. Each peer has one current session (sealing uses it) and up to
 * {@value #MAX_RETIRED} retired ones that still open payloads already under way, for at most {@link #RETIRED_GRACE};
 * their keys are erased after that. Methods return the sessions they drop so callers end them outside the lock.
 */
final class SessionTable {

    static final int MAX_RETIRED = 2;
    static final Duration RETIRED_GRACE = Duration.ofSeconds(60);

    private record Retired(PeerSession session, Instant until) {
    }

    private static final class PeerSessions {
        PeerSession current;
        final Deque<Retired> retired = new ArrayDeque<>();
    }

    private final Map<PeerId, PeerSessions> byPeer = new HashMap<>();
    private final Map<ByteBuffer, PeerSession> byId = new HashMap<>();

    /** Makes {@code s} the current session of its peer; the previous one retires. Returns sessions to end. */
    synchronized List<PeerSession> install(PeerSession s, Instant now) {
        PeerSessions p = byPeer.computeIfAbsent(s.peer, k -> new PeerSessions());
        List<PeerSession> dropped = new ArrayList<>();
        if (p.current != null) {
            p.retired.addFirst(new Retired(p.current, now.plus(RETIRED_GRACE)));
        }
        p.current = s;
        byId.put(key(s.sessionId), s);
        while (p.retired.size() > MAX_RETIRED) {
            dropped.add(p.retired.removeLast().session());
        }
        dropped.forEach(d -> byId.remove(key(d.sessionId)));
        return dropped;
    }

    synchronized PeerSession current(PeerId peer) {
        PeerSessions p = byPeer.get(peer);
        return p == null ? null : p.current;
    }

    synchronized PeerSession find(byte[] sessionId) {
        return byId.get(key(sessionId));
    }

    /** Removes one session wherever it is. */
    synchronized boolean remove(PeerSession s) {
        PeerSessions p = byPeer.get(s.peer);
        if (p == null || byId.remove(key(s.sessionId)) == null) {
            return false;
        }
        if (p.current == s) {
            p.current = null;
        }
        p.retired.removeIf(r -> r.session() == s);
        if (p.current == null && p.retired.isEmpty()) {
            byPeer.remove(s.peer);
        }
        return true;
    }

    /** Removes every session of {@code peer}. */
    synchronized List<PeerSession> removePeer(PeerId peer) {
        PeerSessions p = byPeer.remove(peer);
        List<PeerSession> out = new ArrayList<>();
        if (p != null) {
            if (p.current != null) {
                out.add(p.current);
            }
            p.retired.forEach(r -> out.add(r.session()));
        }
        out.forEach(s -> byId.remove(key(s.sessionId)));
        return out;
    }

    /** Removes retired sessions whose grace is over. */
    synchronized List<PeerSession> expireRetired(Instant now) {
        List<PeerSession> out = new ArrayList<>();
        for (PeerSessions p : byPeer.values()) {
            p.retired.removeIf(r -> {
                if (now.isAfter(r.until())) {
                    out.add(r.session());
                    return true;
                }
                return false;
            });
        }
        out.forEach(s -> byId.remove(key(s.sessionId)));
        byPeer.values().removeIf(p -> p.current == null && p.retired.isEmpty());
        return out;
    }

    synchronized List<PeerSession> currentSessions() {
        List<PeerSession> out = new ArrayList<>();
        byPeer.values().forEach(p -> {
            if (p.current != null) {
                out.add(p.current);
            }
        });
        return out;
    }

    synchronized List<PeerSession> all() {
        return new ArrayList<>(byId.values());
    }

    private static ByteBuffer key(byte[] id) {
        return ByteBuffer.wrap(id.clone());
    }
}
