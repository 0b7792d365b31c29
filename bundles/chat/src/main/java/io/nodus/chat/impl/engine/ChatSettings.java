package io.nodus.chat.impl.engine;

import java.time.Duration;

import io.nodus.chat.impl.ratchet.DoubleRatchet;

/**
 * The chat engine's limits and timings.
 *
 * @param defaultTtl      TTL of messages sent without one
 * @param maxTtl          longest TTL accepted (sent or received)
 * @param maxFileBytes    largest file sent or accepted
 * @param maxQueuedPerPeer most outbox items per peer
 * @param ackTimeout      a sent message not acknowledged within this time is sent again
 * @param retryMin        first retry delay after a failed delivery attempt (doubles up to retryMax)
 * @param retryMax        longest retry delay
 * @param ratchetLimits   skipped-message-key window
 * @param relays          trusted store-and-forward relays: sealed messages for a peer we cannot reach wait there
 * @param relayServe      whether this node holds sealed messages for others (bounded, in memory, until their TTL)
 */
public record ChatSettings(Duration defaultTtl, Duration maxTtl, long maxFileBytes, int maxQueuedPerPeer,
        Duration ackTimeout, Duration retryMin, Duration retryMax, DoubleRatchet.Limits ratchetLimits,
        java.util.List<io.nodus.api.identity.PeerId> relays, boolean relayServe) {

    public static final ChatSettings DEFAULTS = new ChatSettings(Duration.ofHours(24), Duration.ofDays(7),
            64L * 1024 * 1024, 50_000, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
            DoubleRatchet.Limits.DEFAULT, java.util.List.of(), true);

    /** Received files are held in one array in memory: at most 1 GiB. */
    public static final long MAX_FILE_LIMIT = 1L << 30;

    public ChatSettings {
        relays = java.util.List.copyOf(relays);
        if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0 || maxFileBytes < 1
                || maxFileBytes > MAX_FILE_LIMIT || maxQueuedPerPeer < 1) {
            throw new IllegalArgumentException("chat settings out of range");
        }
    }
}
