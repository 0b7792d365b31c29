package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorSpec;

class ModelBoardTest {

    static ModelWeights w(float v) {
        return new ModelWeights(List.of(new TensorSpec("x", 1)), new float[] {v});
    }

    @Test
    void pollersGetOnlyNewerVersionsAndTheEnd() throws Exception {
        ModelBoard board = new ModelBoard();
        assertNull(board.await(-1, 0).model(), "nothing published yet");
        board.publish(w(1), 0);
        ModelBoard.Snapshot s = board.await(-1, 0);
        assertEquals(0, s.version());
        assertEquals(1f, TensorCodec.decode(s.model()).values()[0]);
        assertNull(board.await(0, 0).model(), "version 0 is not newer than 0");
        Thread publisher = new Thread(() -> board.publish(w(2), 1));
        publisher.start();
        ModelBoard.Snapshot next = board.await(0, 60_000);
        publisher.join();
        assertNotNull(next.model());
        assertEquals(1, next.version());
        board.finish();
        assertTrue(board.await(1, 60_000).done());
    }
}
