package io.nodus.itests.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The root's run holds a single relay (with its two workers); a worker connected to the root is left out because
 * the relay brings enough. When that relay dies nobody in the run is left to take its shards: the root recruits the
 * spare worker, ships it both shards, and the open round completes with it instead of failing.
 */
class OrphanedShardsProcessTest {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    static MlCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MlCluster("orphans");
        cluster.startAggregator();
        String relay = cluster.startRelay("relay");
        cluster.startWorkerOf(1, relay);
        cluster.startWorkerOf(2, relay);
        cluster.startWorker(3, null);
        MlCluster.waitFor("the relay sees its workers", MlCluster.START_TIMEOUT,
                () -> cluster.shell("relay", "ml:workers").startsWith("2 workers"));
        cluster.awaitWorkers(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSpareWorkerTakesTheShardsOfTheRunsOnlyRelay() throws Exception {
        String run = cluster.startRun("--model mlp --clients 2 --samples 3000 --lr 0.02 --rounds 3");
        cluster.awaitRounds(run, 1, RUN_TIMEOUT);
        List<String[]> first = cluster.metrics(run);
        assertEquals("1", first.get(0)[2], "the relay alone in round 1");
        assertEquals("6000", first.get(0)[8], "both of the relay's workers trained in round 1");
        cluster.kill("relay");
        cluster.awaitRunEnd(run, RUN_TIMEOUT);
        List<String[]> rows = cluster.metrics(run);
        assertEquals(3, rows.size(), "no round lost");
        assertEquals("6000", rows.get(2)[8], "the spare worker trained both shards");
        assertTrue(Double.parseDouble(rows.get(2)[3]) > Double.parseDouble(rows.get(0)[3]), "accuracy still rises");
    }
}
