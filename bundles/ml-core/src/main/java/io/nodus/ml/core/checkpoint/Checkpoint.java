package io.nodus.ml.core.checkpoint;

import java.util.Map;
import java.util.Objects;

import io.nodus.ml.core.tensor.ModelWeights;

/**
 * A training run's state after a completed round.
 *
 * @param runId  identifies the run (a restarted aggregator continues the same run)
 * @param round  the last completed round (1-based); the next round to run is {@code round + 1}
 * @param global the global model after that round
 * @param state  everything else the coordinator needs to resume (options, strategy state, roster), as text
 */
public record Checkpoint(String runId, int round, ModelWeights global, Map<String, String> state) {

    public Checkpoint {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(global, "global");
        state = Map.copyOf(state);
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative");
        }
    }
}
