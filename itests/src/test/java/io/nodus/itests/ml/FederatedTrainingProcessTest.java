package io.nodus.itests.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One aggregator and four workers as real processes over the libp2p transport, MLP on Fashion-MNIST, IID,
 * 3,000 training images per worker, one local epoch per round (E=1, B=32, lr=0.02).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedTrainingProcessTest {

    static final String BASE = "--model mlp --clients 4 --samples 3000 --epochs 1 --batch 32 --lr 0.02 --seed 1";
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Chance is 0.10. Trained centrally, the 2NN reaches ~0.72 after three epochs over 3,000 images at lr 0.01
     * (ml-djl's tests) and FedAvg on IID shards tracks centralised SGD; measured here: 0.71, 0.74, 0.78.
     */
    static final double ROUND3_THRESHOLD = 0.70;

    static MlCluster cluster;
    static List<String[]> baseline;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MlCluster("fedavg");
        cluster.startAggregator();
        for (int i = 1; i <= 4; i++) {
            cluster.startWorker(i, null);
        }
        cluster.awaitWorkers(4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static double accuracy(String[] row) {
        return Double.parseDouble(row[3]);
    }

    static long received(List<String[]> rows) {
        return rows.stream().mapToLong(r -> Long.parseLong(r[6])).sum();
    }

    @Test
    @Order(1)
    void syncFedAvgAccuracyRisesEveryRound() throws Exception {
        baseline = cluster.train(BASE + " --rounds 3", RUN_TIMEOUT);
        assertEquals(3, baseline.size());
        for (int r = 0; r < 3; r++) {
            assertEquals(String.valueOf(r + 1), baseline.get(r)[1]);
            assertEquals("4", baseline.get(r)[2], "participants of round " + (r + 1));
            assertEquals("12000", baseline.get(r)[8], "samples behind round " + (r + 1));
        }
        assertTrue(accuracy(baseline.get(1)) > accuracy(baseline.get(0)), "round 2 beats round 1");
        assertTrue(accuracy(baseline.get(2)) > accuracy(baseline.get(1)), "round 3 beats round 2");
        assertTrue(accuracy(baseline.get(2)) > ROUND3_THRESHOLD, "round 3 accuracy " + accuracy(baseline.get(2)));
        BufferedImage plot = ImageIO.read(cluster.data("aggregator").resolve("ml/metrics.png").toFile());
        assertNotNull(plot, "metrics.png is a PNG");
        assertEquals(800, plot.getWidth());
        String status = cluster.shell("aggregator", "ml:status");
        assertTrue(status.contains("round 3/3 [##############################]"), status);
        assertTrue(Files.exists(cluster.data("aggregator").resolve("checkpoints/round-000003.ckpt")));
    }

    @Test
    @Order(2)
    void int8AndTopKCutTheUploadByTheExpectedFactor() throws Exception {
        List<String[]> int8 = cluster.train(BASE + " --rounds 3 --compression int8", RUN_TIMEOUT);
        List<String[]> topk = cluster.train(BASE + " --rounds 3 --compression topk:0.01", RUN_TIMEOUT);
        double int8Factor = (double) received(baseline) / received(int8);
        double topkFactor = (double) received(baseline) / received(topk);
        System.out.printf("bytes received per round: none %d, int8 %d (%.2fx), topk:0.01 %d (%.1fx)%n",
                received(baseline) / 3, received(int8) / 3, int8Factor, received(topk) / 3, topkFactor);
        // int8: 1 byte instead of 4 per value (+ 4-byte scale per tensor, headers); top-k 1 %: 8 bytes per kept value
        assertTrue(int8Factor > 3.8 && int8Factor < 4.1, "int8 factor " + int8Factor);
        assertTrue(topkFactor > 40 && topkFactor < 55, "top-k factor " + topkFactor);
        // int8 keeps accuracy within 0.01; top-k 1 % with error feedback lags but stays within 0.15 after 3 rounds
        assertTrue(Math.abs(accuracy(int8.get(2)) - accuracy(baseline.get(2))) < 0.01, "int8 accuracy " + accuracy(int8.get(2)));
        assertTrue(accuracy(topk.get(2)) > accuracy(baseline.get(2)) - 0.15, "top-k accuracy " + accuracy(topk.get(2)));
    }

    @Test
    @Order(3)
    void aKilledWorkerDoesNotStopTheRoundAndItsShardMoves() throws Exception {
        String run = cluster.startRun(BASE + " --rounds 4");
        cluster.awaitRounds(run, 1, RUN_TIMEOUT);
        cluster.kill("w4");
        cluster.awaitRunEnd(run, RUN_TIMEOUT);
        List<String[]> rows = cluster.metrics(run);
        assertEquals(4, rows.size(), "all rounds completed");
        String[] last = rows.get(3);
        assertEquals("3", last[2], "three live workers in the last round");
        assertEquals("12000", last[8], "the dead worker's 3,000 images were re-shipped to the live ones");
        String status = cluster.shell("aggregator", "ml:status");
        assertTrue(status.contains("dead shards=[]"), status);
    }

    @Test
    @Order(4)
    void aGracefullyRestartedAggregatorResumesFromItsCheckpoint() throws Exception {
        String run = cluster.startRun("--model mlp --clients 3 --samples 3000 --lr 0.02 --rounds 5");
        cluster.awaitRounds(run, 2, RUN_TIMEOUT);
        cluster.stop("aggregator"); // a graceful node stop suspends the run: it resumes, it is not stopped
        int doneBefore = cluster.metrics(run).size();
        cluster.startAggregator();
        cluster.awaitRunEnd(run, RUN_TIMEOUT);
        List<String[]> rows = cluster.metrics(run);
        assertEquals(5, rows.size(), "every round exactly once");
        for (int r = 0; r < 5; r++) {
            assertEquals(String.valueOf(r + 1), rows.get(r)[1], "no round repeated or skipped");
        }
        assertTrue(doneBefore >= 2);
        assertTrue(accuracy(rows.get(4)) > accuracy(rows.get(0)), "training continued from the checkpointed model");
    }

    @Test
    @Order(5)
    void asyncBufferedTrainingImproves() throws Exception {
        List<String[]> rows = cluster.train("--model mlp --clients 3 --samples 3000 --lr 0.02 --rounds 6 --mode async",
                RUN_TIMEOUT);
        assertEquals(6, rows.size(), "six global versions");
        for (String[] r : rows) {
            assertTrue(Integer.parseInt(r[2]) >= 2, "FedBuff buffer of at least ceil(3/2) updates per version");
        }
        assertTrue(accuracy(rows.get(5)) > accuracy(rows.get(0)), "accuracy " + accuracy(rows.get(0)) + " -> " + accuracy(rows.get(5)));
    }

    @Test
    @Order(6)
    void aKilledAsyncAggregatorKeepsItsBufferedUpdates() throws Exception {
        String run = cluster.startRun("--model mlp --clients 3 --samples 3000 --lr 0.02 --rounds 8 --mode async");
        cluster.awaitRounds(run, 2, RUN_TIMEOUT);
        cluster.kill("aggregator");
        cluster.startAggregator();
        cluster.awaitRunEnd(run, RUN_TIMEOUT);
        List<String[]> rows = cluster.metrics(run);
        assertEquals(8, rows.size(), "every global version exactly once");
        for (int r = 0; r < 8; r++) {
            assertEquals(String.valueOf(r + 1), rows.get(r)[1], "no version repeated or skipped");
        }
        assertTrue(accuracy(rows.get(7)) > accuracy(rows.get(0)), "training continued from the checkpointed model");
        java.nio.file.Path pending = cluster.data("aggregator").resolve("checkpoints/pending");
        try (var left = java.nio.file.Files.exists(pending) ? java.nio.file.Files.list(pending) : java.util.stream.Stream.<java.nio.file.Path>empty()) {
            assertEquals(List.of(), left.toList(), "buffered updates are gone once the versions they went into are checkpointed");
        }
    }
}
