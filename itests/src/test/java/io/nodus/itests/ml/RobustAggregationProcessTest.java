package io.nodus.itests.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Five workers as real processes, two of them misbehaving (attack simulation set in their configuration). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RobustAggregationProcessTest {

    static final String BASE = "--model mlp --clients 5 --samples 2000 --lr 0.02 --rounds 2 --seed 3";
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    static MlCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MlCluster("robust");
        cluster.startAggregator();
        for (int i = 1; i <= 5; i++) {
            cluster.startWorker(i, i >= 4 ? "signflip:10" : "none");
        }
        cluster.awaitWorkers(5);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static double finalAccuracy(List<String[]> rows) {
        return Double.parseDouble(rows.get(rows.size() - 1)[3]);
    }

    @Test
    @Order(1)
    void medianAndKrumResistTwoPoisonedWorkersWhilePlainFedAvgDrops() throws Exception {
        double fedavg = finalAccuracy(cluster.train(BASE + " --aggregation fedavg", RUN_TIMEOUT));
        double median = finalAccuracy(cluster.train(BASE + " --aggregation median", RUN_TIMEOUT));
        double krum = finalAccuracy(cluster.train(BASE + " --aggregation krum", RUN_TIMEOUT));
        cluster.setAttack(4, "none");
        cluster.setAttack(5, "none");
        awaitConfig(4, "none");
        awaitConfig(5, "none");
        double clean = finalAccuracy(cluster.train(BASE + " --aggregation fedavg", RUN_TIMEOUT));
        System.out.printf("2 of 5 workers sign-flipped x10: fedavg %.4f, median %.4f, krum %.4f; clean fedavg %.4f%n",
                fedavg, median, krum, clean);
        assertTrue(fedavg < clean - 0.2, "poisoned FedAvg " + fedavg + " vs clean " + clean);
        assertTrue(median > clean - 0.08, "median " + median + " vs clean " + clean);
        assertTrue(krum > clean - 0.12, "krum " + krum + " vs clean " + clean);
    }

    @Test
    @Order(2)
    void malformedUnsignedWrongShapeAndNonFiniteUpdatesAreRejectedWithAReason() throws Exception {
        String[][] attacks = {{"nan", "unsigned"}, {"wrongshape", "badsignature"}, {"garbage", "none"}};
        String[][] reasons = {{"non-finite value", "unsigned update"}, {"wrong shape", "bad signature"}, {"malformed update", null}};
        for (int a = 0; a < attacks.length; a++) {
            cluster.setAttack(4, attacks[a][0]);
            cluster.setAttack(5, attacks[a][1]);
            awaitConfig(4, attacks[a][0]);
            awaitConfig(5, attacks[a][1]);
            List<String[]> rows = cluster.train("--model mlp --clients 5 --samples 1000 --lr 0.02 --rounds 1", RUN_TIMEOUT);
            String status = cluster.shell("aggregator", "ml:status");
            int bad = attacks[a][1].equals("none") ? 1 : 2;
            assertEquals(String.valueOf(5 - bad), rows.get(0)[2], "honest updates aggregated; " + status);
            assertEquals(String.valueOf(bad), rows.get(0)[9], "rejections counted; " + status);
            for (String reason : reasons[a]) {
                if (reason != null) {
                    assertTrue(status.contains(reason), "status names '" + reason + "':\n" + status);
                }
            }
        }
    }

    /** The worker logs the attack it runs with when the configuration arrives. */
    static void awaitConfig(int worker, String attack) throws InterruptedException {
        MlCluster.waitFor("w" + worker + " runs attack " + attack, Duration.ofSeconds(30), () -> {
            try {
                String out = java.nio.file.Files.readString(cluster.root.resolve("w" + worker + ".out"));
                int at = out.lastIndexOf("attack simulation: ");
                return at >= 0 && out.substring(at + "attack simulation: ".length()).startsWith(attack);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
