package io.nodus.ml.core.aggregate;

import java.util.Objects;

/**
 * One client's update for aggregation.
 *
 * @param client    who sent it (peer ID text)
 * @param delta     local weights minus the global weights the client started from
 * @param samples   number of training samples behind it (the FedAvg weight)
 * @param staleness global versions published since the client's starting point (0 in synchronous rounds)
 */
public record Contribution(String client, float[] delta, long samples, int staleness) {

    public Contribution {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(delta, "delta");
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive");
        }
        if (staleness < 0) {
            throw new IllegalArgumentException("staleness must not be negative");
        }
    }
}
