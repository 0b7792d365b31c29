package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.nodus.api.ml.TrainingOptions;

class RunPlanTest {

    @Test
    void optionsSurviveACheckpoint() {
        TrainingOptions o = new TrainingOptions("cnn", 7, 5, "dirichlet:0.5", "async", "trimmed:0.2", "topk:0.05", 2, 16,
                0.03, 1500, Duration.ofSeconds(42), 0.6, 9);
        RunPlan back = RunPlan.fromState(RunPlan.of(o).toState());
        assertEquals(o, back.options());
        assertEquals("trimmed:0.2", back.rule().name());
    }

    @Test
    void unknownChoicesFailAtStart() {
        TrainingOptions d = TrainingOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> RunPlan.of(new TrainingOptions("rnn", 1, 1, "iid", "sync",
                "fedavg", "none", 1, 1, 0.1, 0, d.roundTimeout(), 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> RunPlan.of(new TrainingOptions("mlp", 1, 1, "iid", "sync",
                "mean", "none", 1, 1, 0.1, 0, d.roundTimeout(), 1, 1)));
    }
}
