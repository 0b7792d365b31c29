package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.itests.node.NodeProcess.ShellResult;

/** How a node ends: on a signal, on {@code node:stop}; and what a stopped node leaves behind. */
class NodeLifecycleTest {

    /** The documented bound: a node stops within 5 s of SIGTERM. */
    static final Duration STOP_BOUND = Duration.ofSeconds(5);

    static final String QUIET_EVENTS = "<logger name=\"Events\" level=\"WARN\"/>";
    static final String LOUD_EVENTS = "<logger name=\"Events\" level=\"INFO\"/>";

    @TempDir
    Path scratch;

    @Test
    void sigtermStopsTheNodeCleanlyWithinTheBound() throws IOException {
        Path data = scratch.resolve("node");
        eventsLoggedAtInfo(data);
        try (NodeProcess node = NodeProcess.start("worker", data)) {
            Path endpoint = data.resolve("run").resolve("shell");
            assertTrue(Files.exists(endpoint), "a running node publishes its shell endpoint");

            node.terminate();
            assertEquals(0, node.awaitExit(STOP_BOUND), "a stop on SIGTERM is a clean stop");

            assertFalse(Files.exists(endpoint), "the shell endpoint file goes with the node");
            assertFalse(Files.exists(data.resolve("run").resolve("node.pid")), "so does the pid file");
            assertEquals(1, node.stdoutLines().size(), "stdout carried only the READY line: " + node.stdoutLines());

            List<String> log = Files.readAllLines(node.logFile(), StandardCharsets.UTF_8);
            assertTrue(log.stream().anyMatch(l -> l.contains("ServiceEvent UNREGISTERING [io.nodus.node.impl.ShellEndpoint]")),
                    "the framework's stop of the node core is in the log:\n" + tail(log));
            String last = log.get(log.size() - 1);
            assertTrue(last.matches("^\\d{4}-\\d\\d-\\d\\d .*(ServiceEvent UNREGISTERING|BundleEvent STOPPED).*$"),
                    "the log ends with complete stop lines (flushed before exit):\n" + tail(log));
        }
        ShellResult after = NodeProcess.shell(data, null, "node:info").expectExit(3);
        assertTrue(after.stderr().contains("no node is running"), after.toString());
    }

    @Test
    void nodeStopCommandEndsTheProcessWithSuccess() throws IOException {
        try (NodeProcess node = NodeProcess.start("worker", scratch.resolve("node"))) {
            ShellResult stop = node.shell("node:stop").expectExit(0);
            assertTrue(stop.stdout().contains("stopping"), stop.toString());
            assertEquals(0, node.awaitExit(STOP_BOUND), "node:stop is a requested, clean stop");
            assertFalse(Files.exists(node.dataDir().resolve("run").resolve("shell")));
        }
    }

    /** The shipped logback.xml keeps framework events at WARN; this node logs them so its stop shows in the log. */
    private static void eventsLoggedAtInfo(Path data) throws IOException {
        String shipped = Files.readString(NodeProcess.root().resolve("launcher/conf/logback.xml"), StandardCharsets.UTF_8);
        assertTrue(shipped.contains(QUIET_EVENTS), "launcher/conf/logback.xml no longer has the line " + QUIET_EVENTS);
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("logback.xml"), shipped.replace(QUIET_EVENTS, LOUD_EVENTS),
                StandardCharsets.UTF_8);
    }

    private static String tail(List<String> log) {
        return String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size()));
    }
}
