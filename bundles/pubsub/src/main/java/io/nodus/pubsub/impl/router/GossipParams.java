package io.nodus.pubsub.impl.router;

import java.time.Duration;

/**
 * gossipsub parameters (v1.0 "Parameters", v1.1 "Overview of New Parameters"), defaults from the spec tables.
 *
 * @param d                  desired mesh degree {@code D}
 * @param dLo                graft below this ({@code D_low})
 * @param dHi                prune above this ({@code D_high})
 * @param dLazy              least number of peers gossip goes to ({@code D_lazy})
 * @param heartbeat          {@code heartbeat_interval}
 * @param fanoutTtl          {@code fanout_ttl}
 * @param mcacheLength       history windows kept ({@code mcache_len})
 * @param mcacheGossip       history windows gossiped ({@code mcache_gossip})
 * @param pruneBackoff       {@code PruneBackoff}
 * @param unsubscribeBackoff {@code UnsubscribeBackoff}
 * @param floodPublish       {@code FloodPublish}: our own messages go to every topic peer
 * @param gossipFactor       {@code GossipFactor}
 */
public record GossipParams(int d, int dLo, int dHi, int dLazy, Duration heartbeat, Duration fanoutTtl,
        int mcacheLength, int mcacheGossip, Duration pruneBackoff, Duration unsubscribeBackoff, boolean floodPublish,
        double gossipFactor) {

    public static final GossipParams DEFAULTS = new GossipParams(6, 4, 12, 6, Duration.ofSeconds(1),
            Duration.ofSeconds(60), 5, 3, Duration.ofMinutes(1), Duration.ofSeconds(10), true, 0.25);

    public GossipParams {
        if (dLo < 0 || d < dLo || dHi < d || dLazy < 0) {
            throw new IllegalArgumentException("mesh degrees must satisfy 0 <= D_lo <= D <= D_hi, got D=" + d
                    + " D_lo=" + dLo + " D_hi=" + dHi + " D_lazy=" + dLazy);
        }
        if (heartbeat.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeat interval below 10 ms: " + heartbeat);
        }
        if (mcacheGossip < 1 || mcacheLength < mcacheGossip) {
            throw new IllegalArgumentException("need 1 <= mcache_gossip <= mcache_len, got " + mcacheGossip + " and "
                    + mcacheLength);
        }
        if (!(gossipFactor >= 0 && gossipFactor <= 1)) {
            throw new IllegalArgumentException("gossip factor outside [0, 1]: " + gossipFactor);
        }
        if (fanoutTtl.isNegative() || pruneBackoff.isNegative() || unsubscribeBackoff.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public GossipParams withMesh(int newD, int newDLo, int newDHi) {
        return new GossipParams(newD, newDLo, newDHi, dLazy, heartbeat, fanoutTtl, mcacheLength, mcacheGossip,
                pruneBackoff, unsubscribeBackoff, floodPublish, gossipFactor);
    }

    public GossipParams withHeartbeat(Duration interval) {
        return new GossipParams(d, dLo, dHi, dLazy, interval, fanoutTtl, mcacheLength, mcacheGossip, pruneBackoff,
                unsubscribeBackoff, floodPublish, gossipFactor);
    }

    public GossipParams withFloodPublish(boolean flood) {
        return new GossipParams(d, dLo, dHi, dLazy, heartbeat, fanoutTtl, mcacheLength, mcacheGossip, pruneBackoff,
                unsubscribeBackoff, flood, gossipFactor);
    }
}
