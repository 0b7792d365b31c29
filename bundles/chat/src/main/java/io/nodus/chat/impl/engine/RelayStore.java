package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.SendEphemeralMessage;

/**
 * Store-and-forward on a relay node both sides trust: sealed messages deposited for a peer that is offline, held in
 * memory until that peer asks for them (ReceiveChatMessages) or their TTL ends. The relay holds only what the
 * sender's session sealed: it cannot read it, and it forgets each message once handed over or expired.
 */
final class RelayStore {

    static final int MAX_PER_RECIPIENT = 1000;
    static final int MAX_TOTAL = 10_000;

    record Held(PeerId sender, SendEphemeralMessage message, Instant expiresAt) {
    }

    private final Map<PeerId, ArrayDeque<Held>> held = new HashMap<>();
    private int total;

    /** @return false when full */
    synchronized boolean deposit(PeerId recipient, Held h) {
        ArrayDeque<Held> q = held.computeIfAbsent(recipient, r -> new ArrayDeque<>());
        if (q.size() >= MAX_PER_RECIPIENT || total >= MAX_TOTAL) {
            return false;
        }
        q.addLast(h);
        total++;
        return true;
    }

    /** Hands over (and forgets) what waits for the recipient and has not expired. */
    synchronized List<Held> take(PeerId recipient, Instant now) {
        ArrayDeque<Held> q = held.remove(recipient);
        if (q == null) {
            return List.of();
        }
        total -= q.size();
        List<Held> out = new ArrayList<>();
        for (Held h : q) {
            if (h.expiresAt().isAfter(now)) {
                out.add(h);
            }
        }
        return out;
    }

    synchronized void purge(Instant now) {
        for (Iterator<ArrayDeque<Held>> it = held.values().iterator(); it.hasNext();) {
            ArrayDeque<Held> q = it.next();
            int before = q.size();
            q.removeIf(h -> !h.expiresAt().isAfter(now));
            total -= before - q.size();
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    synchronized int size() {
        return total;
    }
}
