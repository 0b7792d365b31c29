package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.RoundHistoryCodec;

class StatusReplyTest {

    @Test
    void theStatusReplyCarriesEveryRoundWithItsByteCounts() throws IOException {
        List<RoundMetrics> h = new ArrayList<>();
        for (int r = 1; r <= 5; r++) {
            h.add(new RoundMetrics(r, 4, 0.6 + r / 100.0, 1.0 / r, 3_180_000L + r, 3_170_000L + 2 * r, 900 + r));
        }
        TrainingStatus s = new TrainingStatus(TrainingStatus.State.RUNNING, "run1", 5, 30, List.of("a", "b"), h, "");
        MlMessage reply = CoordinatorProtocol.status(s);
        assertEquals(h, RoundHistoryCodec.decode(reply.body()));
        assertEquals("5", reply.header("round"));
        assertEquals(Double.toString(h.get(4).accuracy()), reply.header(MlProtocol.ACCURACY));
    }

    @Test
    void aLongRunReportsItsLatestRounds() throws IOException {
        List<RoundMetrics> h = new ArrayList<>();
        for (int r = 1; r <= TrainingStatus.MAX_HISTORY + 10; r++) {
            h.add(new RoundMetrics(r, 1, 0.5, 1, 10, 20, 30));
        }
        TrainingStatus s = new TrainingStatus(TrainingStatus.State.RUNNING, "run1", h.size(), h.size(), List.of(), h, "");
        List<RoundMetrics> back = RoundHistoryCodec.decode(CoordinatorProtocol.status(s).body());
        assertEquals(TrainingStatus.MAX_HISTORY, back.size());
        assertEquals(11, back.get(0).round());
        assertEquals(h.size(), back.get(back.size() - 1).round());
    }
}
