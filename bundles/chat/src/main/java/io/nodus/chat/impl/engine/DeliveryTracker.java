package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.nodus.api.identity.PeerId;

/**
 * Which recipients of each outgoing message have not yet acknowledged delivery, or reading. A group message is
 * DELIVERED (READ) when every member it went to has said so.
 */
final class DeliveryTracker {

    private record Pending(Set<PeerId> undelivered, Set<PeerId> unread, Instant expiresAt) {
    }

    private final Map<String, Pending> pending = new HashMap<>();

    synchronized void track(String id, Set<PeerId> recipients, Instant expiresAt) {
        pending.put(id, new Pending(new HashSet<>(recipients), new HashSet<>(recipients), expiresAt));
    }

    /** @return true when this receipt completes delivery to every recipient */
    synchronized boolean delivered(String id, PeerId from) {
        Pending p = pending.get(id);
        return p != null && p.undelivered().remove(from) && p.undelivered().isEmpty();
    }

    /** @return true when this receipt completes reading by every recipient */
    synchronized boolean read(String id, PeerId from) {
        Pending p = pending.get(id);
        if (p == null) {
            return false;
        }
        p.undelivered().remove(from);
        boolean done = p.unread().remove(from) && p.unread().isEmpty();
        if (done) {
            pending.remove(id);
        }
        return done;
    }

    synchronized boolean isRecipient(String id, PeerId peer) {
        Pending p = pending.get(id);
        return p != null && p.unread().contains(peer);
    }

    synchronized void purge(Instant now) {
        pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
    }
}
