package io.nodus.itests.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A root aggregator, two relay aggregators and four workers (two behind each relay, each also connected to the
 * other relay): the root merges the relays' partial FedAvg; when one relay dies mid-run its shards move to the
 * other relay, which recruits the orphaned workers, and no round is lost.
 */
class RelayAggregationProcessTest {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    static MlCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MlCluster("relay");
        cluster.startAggregator();
        String a = cluster.startRelay("relayA");
        String b = cluster.startRelay("relayB");
        cluster.startWorkerOf(1, a, b);
        cluster.startWorkerOf(2, a, b);
        cluster.startWorkerOf(3, b, a);
        cluster.startWorkerOf(4, b, a);
        MlCluster.waitFor("relays see their workers", MlCluster.START_TIMEOUT,
                () -> cluster.shell("relayA", "ml:workers").startsWith("4 workers")
                        && cluster.shell("relayB", "ml:workers").startsWith("4 workers"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void rootMergesRelaysAndSurvivesALostRelay() throws Exception {
        String run = cluster.startRun("--model mlp --clients 4 --samples 3000 --lr 0.02 --rounds 4");
        cluster.awaitRounds(run, 1, RUN_TIMEOUT);
        List<String[]> first = cluster.metrics(run);
        assertEquals("12000", first.get(0)[8], "both relays' workers in round 1");
        cluster.kill("relayA");
        cluster.awaitRunEnd(run, RUN_TIMEOUT);
        List<String[]> rows = cluster.metrics(run);
        assertEquals(4, rows.size(), "no round lost");
        assertEquals("1", rows.get(3)[2], "one relay left");
        assertEquals("12000", rows.get(3)[8], "the lost relay's shards trained by re-homed workers");
        assertTrue(Double.parseDouble(rows.get(3)[3]) > Double.parseDouble(rows.get(0)[3]), "accuracy still rises");
    }
}
