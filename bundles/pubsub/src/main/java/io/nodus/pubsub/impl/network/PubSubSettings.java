package io.nodus.pubsub.impl.network;

import java.time.Duration;

import io.nodus.pubsub.impl.router.GossipParams;

/**
 * Everything a {@link PubSubNetwork} is configured with.
 *
 * @param router              {@value #GOSSIPSUB} or {@value #FLOODSUB}
 * @param maxRpcBytes         largest RPC we accept or send (pubsub spec, "The Message": "say to 1 MiB")
 * @param outboundQueueLength RPCs queued per peer before further ones are dropped
 * @param seenTtl             {@code seen_ttl}
 * @param seenCapacity        most message ids the seen cache holds
 * @param deliveryQueueLength messages waiting for local receivers before further ones are dropped
 * @param gossip              gossipsub parameters (unused by floodsub)
 */
public record PubSubSettings(String router, int maxRpcBytes, int outboundQueueLength, Duration seenTtl,
        int seenCapacity, int deliveryQueueLength, GossipParams gossip) {

    public static final String GOSSIPSUB = "gossipsub";
    public static final String FLOODSUB = "floodsub";
    public static final int DEFAULT_MAX_RPC_BYTES = 1024 * 1024;
    /** An RPC must at least hold a small message; below this the limit is a misconfiguration. */
    public static final int MIN_MAX_RPC_BYTES = 1024;

    public static final PubSubSettings DEFAULTS = new PubSubSettings(GOSSIPSUB, DEFAULT_MAX_RPC_BYTES, 1024,
            Duration.ofMinutes(2), 100_000, 4096, GossipParams.DEFAULTS);

    public PubSubSettings {
        if (!GOSSIPSUB.equals(router) && !FLOODSUB.equals(router)) {
            throw new IllegalArgumentException("router must be gossipsub or floodsub, not " + router);
        }
        if (maxRpcBytes < MIN_MAX_RPC_BYTES) {
            throw new IllegalArgumentException("maxRpcBytes below " + MIN_MAX_RPC_BYTES + ": " + maxRpcBytes);
        }
        if (outboundQueueLength < 1 || seenCapacity < 1 || deliveryQueueLength < 1) {
            throw new IllegalArgumentException("queue lengths and the seen capacity must be positive");
        }
        if (seenTtl.isNegative() || seenTtl.isZero()) {
            throw new IllegalArgumentException("seen ttl must be positive: " + seenTtl);
        }
    }

    public PubSubSettings withRouter(String name) {
        return new PubSubSettings(name, maxRpcBytes, outboundQueueLength, seenTtl, seenCapacity, deliveryQueueLength,
                gossip);
    }

    public PubSubSettings withGossip(GossipParams params) {
        return new PubSubSettings(router, maxRpcBytes, outboundQueueLength, seenTtl, seenCapacity,
                deliveryQueueLength, params);
    }

    public PubSubSettings withMaxRpcBytes(int bytes) {
        return new PubSubSettings(router, bytes, outboundQueueLength, seenTtl, seenCapacity, deliveryQueueLength,
                gossip);
    }
}
