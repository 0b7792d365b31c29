package io.nodus.itests.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.nodus.itests.cluster.Cluster.Node;

/**
 * What an end-to-end suite on the local harness shares: the cluster brought up before the ordered tests and down
 * after them, and the report table written whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterSuite {

    final Cluster cluster;
    final E2EReport report;
    private final int nodes;
    private final Duration upDeadline;
    private final String[] upArgs;

    ClusterSuite(String name, String title, int nodes, Duration upDeadline, String... upArgs) {
        this.cluster = new Cluster(Path.of("target", name).toAbsolutePath());
        this.report = new E2EReport(title, Path.of("target", name + "-report.txt"));
        this.nodes = nodes;
        this.upDeadline = upDeadline;
        this.upArgs = upArgs;
    }

    @BeforeAll
    void up() {
        long t0 = System.nanoTime();
        cluster.up(nodes, upDeadline, upArgs);
        report.row("cluster up", "ok", String.format("%.1f s to meshed", (System.nanoTime() - t0) / 1e9));
        report.figures(cluster.figures());
    }

    @AfterAll
    void down() {
        try {
            cluster.close();
            report.row("cluster down", "ok", "");
        } finally {
            report.write();
        }
    }

    Map<String, Node> byName() {
        return cluster.nodes().stream().collect(Collectors.toMap(Node::name, Function.identity()));
    }

    List<Node> ofProfile(String profile) {
        return cluster.nodes().stream().filter(n -> n.profile().equals(profile)).toList();
    }
}
