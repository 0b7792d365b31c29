package io.nodus.pubsub.impl.router;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.nodus.api.identity.PeerId;

/**
 * PRUNE backoff (gossipsub v1.1, "PRUNE Backoff and Peer Exchange"): per topic and peer, the time before which
 * neither side grafts the other again. Not thread-safe.
 */
final class Backoffs {

    private final Map<String, Map<PeerId, Long>> expiries = new HashMap<>();

    /** Sets or extends the backoff to {@code now + duration}; a longer one already running stays. */
    void add(String topic, PeerId peer, Duration duration, long now) {
        long until = now + duration.toNanos();
        expiries.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, until, (a, b) -> a - b > 0 ? a : b);
    }

    boolean active(String topic, PeerId peer, long now) {
        Map<PeerId, Long> m = expiries.get(topic);
        Long until = m == null ? null : m.get(peer);
        return until != null && until - now > 0;
    }

    void expire(long now) {
        expiries.values().forEach(m -> m.values().removeIf(until -> until - now <= 0));
        expiries.values().removeIf(Map::isEmpty);
    }
}
