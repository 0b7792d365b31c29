package io.nodus.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.nodus.itests.cluster.Cluster.Node;
import io.nodus.itests.cluster.ClusterChat.Pair;

/**
 * The CI-sized end-to-end run on the local harness ({@code ./nodus cluster}): 8 nodes (1 bootstrap, 1 aggregator,
 * 1 GUI, 5 workers) come up and mesh; every node serves well-formed metrics; chat between 3 random pairs; a small
 * FedAvg run; kill -9 of a worker and a restart of the bootstrap node, with recovery checked; then down. Parts whose
 * shell commands are not installed are skipped with a message (see the report in target/cluster-e2e-report.txt).
 * The full variant is {@link ClusterFullE2ETest}.
 */
class ClusterE2ETest extends ClusterSuite {

    static final int NODES = 8;
    static final Duration UP_DEADLINE = Duration.ofMinutes(5);
    static final Duration TRAINING_DEADLINE = Duration.ofMinutes(5);
    static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(2);
    static final long SEED = Long.getLong("nodus.e2e.seed", 7);
    static final int CHAT_PAIRS = 3;
    static final int MESSAGES_PER_PAIR = 20;

    List<Pair> pairs = List.of();

    ClusterE2ETest() {
        super("cluster-e2e", "CI end-to-end run, " + NODES + " nodes", NODES, UP_DEADLINE);
    }

    @Test
    @Order(1)
    void everyNodeIsReadyMeshedAndServesWellFormedMetrics() {
        List<Node> nodes = cluster.nodes();
        assertEquals(NODES, nodes.size());
        assertEquals(Map.of("bootstrap", 1L, "aggregator", 1L, "gui", 1L, "worker", 5L),
                nodes.stream().collect(Collectors.groupingBy(Node::profile, Collectors.counting())));
        for (Node n : nodes) {
            assertTrue(n.ready(), n + " is READY");
            assertTrue(n.peerCount() >= 1, n + " has a peer");
            Exposition m = cluster.scrape(n);
            assertEquals(1, m.value("nodus_node_info{name=\"" + n.profile() + "\",profile=\"" + n.profile() + "\"}"),
                    n.name() + " says which profile it runs");
            assertEquals("gauge", m.types.get("nodus_p2p_peers"));
            assertEquals(n.peerCount() > 0, m.value("nodus_p2p_peers") > 0, n.name() + " metrics agree with status");
            assertEquals(1, m.value("nodus_p2p_host_info{peer=\"" + n.peer() + "\"}"));
            assertEquals("counter", m.types.get("process_cpu_seconds_total"));
            assertTrue(m.value("process_resident_memory_bytes") > 32 << 20, n.name() + " RSS");
        }
        Node boot = ofProfile("bootstrap").get(0);
        assertEquals(NODES - 1, cluster.scrape(boot).value("nodus_p2p_peers"), "every node dialed the bootstrap node");
        report.row("ready, meshed, metrics", "ok", NODES + " nodes, bootstrap has " + (NODES - 1) + " peers");
    }

    @Test
    @Order(2)
    void chatBetweenRandomPairs() throws InterruptedException {
        Set<String> commands = cluster.commands(ofProfile("worker").get(0).name());
        if (!commands.containsAll(List.of("chat:open", "chat:send", "chat:history"))) {
            report.row("chat, " + CHAT_PAIRS + " random pairs", "SKIPPED", "chat:open/send/history not installed");
            Assumptions.abort("chat:* commands not installed: chat skipped");
        }
        ClusterChat chat = new ClusterChat(cluster);
        pairs = ClusterChat.randomPairs(cluster.nodes(), CHAT_PAIRS, new Random(SEED));
        List<String> latencies = new ArrayList<>();
        for (Pair p : pairs) {
            String opened = chat.open(p.from(), p.to().dialAddr());
            assertTrue(opened.contains(p.to().peer()), opened);
            latencies.add(p + " " + chat.sendAndAwait(p, "e2e hello " + p.from().name() + " to " + p.to().name()) + " ms");
        }
        report.row("chat, " + CHAT_PAIRS + " random pairs (seed " + SEED + ")", "ok", String.join("; ", latencies));

        double rate = ChatThroughput.measure(cluster, pairs, MESSAGES_PER_PAIR);
        report.row("chat throughput", "ok", String.format("%d messages over %d pairs: %.1f messages/s across the cluster",
                MESSAGES_PER_PAIR * pairs.size(), pairs.size(), rate));
    }

    @Test
    @Order(3)
    void fedAvgOverTheWorkers() {
        Node agg = ofProfile("aggregator").get(0);
        if (!cluster.commands(agg.name()).containsAll(List.of("ml:start", "ml:status"))) {
            report.row("FedAvg", "SKIPPED", "ml:start/ml:status not installed");
            Assumptions.abort("ml:* commands not installed: FedAvg skipped");
        }
        int workers = ofProfile("worker").size();
        Training.Run run = Training.start(cluster, agg, 3, workers, 500);
        Training.Status done = run.awaitEnd(TRAINING_DEADLINE);
        assertEquals("finished", done.state(), done.text());
        assertEquals(3, done.rounds().size(), done.text());
        assertTrue(done.accuracy() > 0.4, "FedAvg learns: accuracy " + done.accuracy() + " is well above chance (0.1)");
        Exposition m = cluster.scrape(agg);
        assertEquals(3, m.value("nodus_ml_round"));
        assertEquals(1, m.value("nodus_ml_run_state{state=\"finished\"}"));
        report.row("FedAvg, " + workers + " workers, 3 rounds", "ok", String.format("accuracy %.4f, round time median %d ms",
                done.accuracy(), done.medianRoundMillis()));
    }

    @Test
    @Order(4)
    void killedWorkerAndRestartedBootstrapRecover() {
        Node boot = ofProfile("bootstrap").get(0);
        Node victim = ofProfile("worker").get(ofProfile("worker").size() - 1);
        double disconnectsBefore = cluster.scrape(boot).value("nodus_p2p_disconnects_total");

        cluster.kill(victim.name());
        assertEquals("down", cluster.node(victim.name()).state());
        Deadline.await("the bootstrap node notices the killed worker", RECOVERY_DEADLINE,
                () -> cluster.scrape(cluster.node(boot.name())).value("nodus_p2p_disconnects_total"),
                d -> d > disconnectsBefore);

        long t0 = System.nanoTime();
        cluster.restart(boot.name());
        List<Node> mesh = Deadline.await("every running node reconnects to the restarted bootstrap node", RECOVERY_DEADLINE,
                cluster::nodes, ns -> ns.stream().filter(Node::ready).allMatch(n -> n.peerCount() >= 1)
                        && ns.stream().filter(n -> n.name().equals(boot.name())).allMatch(n -> n.peerCount() >= NODES - 2));
        long bootRecovery = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(NODES - 1, mesh.stream().filter(Node::ready).count(), "all but the killed worker run: " + mesh);

        t0 = System.nanoTime();
        cluster.restart(victim.name());
        Deadline.await("the restarted worker is back in the mesh", RECOVERY_DEADLINE, cluster::nodes,
                ns -> ns.stream().allMatch(n -> n.ready() && n.peerCount() >= 1)
                        && ns.stream().filter(n -> n.name().equals(boot.name())).allMatch(n -> n.peerCount() >= NODES - 1));
        long workerRecovery = (System.nanoTime() - t0) / 1_000_000;
        report.row("kill -9 worker, restart bootstrap", "ok", String.format(
                "bootstrap back with %d peers in %d ms; killed worker back in the mesh %d ms after restart",
                NODES - 2, bootRecovery, workerRecovery));

        if (!pairs.isEmpty()) {
            ClusterChat chat = new ClusterChat(cluster);
            Map<String, Node> now = byName();
            List<String> results = new ArrayList<>();
            // a pair of nodes that both kept running keeps its session and goes on
            Set<String> restarted = Set.of(victim.name(), boot.name());
            pairs.stream().filter(p -> !restarted.contains(p.from().name()) && !restarted.contains(p.to().name()))
                    .findFirst().ifPresent(p -> {
                        Pair resumed = new Pair(now.get(p.from().name()), now.get(p.to().name()));
                        results.add(resumed + " " + chat.sendAndAwait(resumed, "e2e after the faults " + resumed.words()) + " ms");
                    });
            // the restarted worker is a new process: it opens a fresh session
            Node other = now.values().stream().filter(n -> !restarted.contains(n.name())).findFirst().orElseThrow();
            Pair fresh = new Pair(now.get(victim.name()), other);
            chat.open(fresh.from(), fresh.to().dialAddr());
            results.add(fresh + " " + chat.sendAndAwait(fresh, "e2e from the restarted worker") + " ms");
            report.row("chat after the faults", "ok", String.join("; ", results));
        }
    }
}
