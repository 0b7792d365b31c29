package io.nodus.ml.worker.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorSpec;

class UpdateAttackTest {

    final ModelWeights delta = new ModelWeights(List.of(new TensorSpec("v", 3)), new float[] {1f, -2f, 0.5f});

    @Test
    void signFlipScalesAndNegates() {
        assertArrayEquals(new float[] {-10f, 20f, -5f}, UpdateAttack.parse("signflip:10").apply(delta).values());
        assertArrayEquals(delta.values(), UpdateAttack.parse("none").apply(delta).values());
    }

    @Test
    void corruptionsBreakWhatTheAggregatorChecks() {
        float[] nan = UpdateAttack.parse("nan").apply(delta).values();
        assertTrue(Float.isNaN(nan[0]) && Float.isInfinite(nan[2]));
        assertFalse(UpdateAttack.parse("wrongshape").apply(delta).sameLayout(delta));
        assertFalse(UpdateAttack.parse("unsigned").signs());
        assertTrue(UpdateAttack.parse("badsignature").corruptsSignature());
        assertTrue(UpdateAttack.parse("garbage").sendsGarbage());
        assertEquals(1f, delta.values()[0], "the worker's own update is not changed");
        assertThrows(IllegalArgumentException.class, () -> UpdateAttack.parse("ddos"));
    }
}
