package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.itests.process.TestBundles.Row;

/**
 * {@code <data>/plugins/}: a bundle dropped there is installed and started while the node runs and
 * comes back on every restart; a bundle installed from the shell lives only as long as the node.
 */
class PluginsDirTest {

    /** FileInstall polls the directory every second. */
    static final Duration PLUGIN_DEADLINE = Duration.ofSeconds(20);
    static final String TRANSIENT = "io.nodus.itests.transient";

    @TempDir
    Path scratch;

    @Test
    void droppedInBundleStartsAndSurvivesARestartWhileAShellInstallDoesNot() throws IOException {
        Path data = scratch.resolve("node");
        Path hello = TestBundles.write(scratch.resolve("hello.jar"), TestBundles.HELLO, "1.0.0");
        Path transientJar = TestBundles.write(scratch.resolve("transient.jar"), TRANSIENT, "1.0.0");

        try (NodeProcess node = NodeProcess.start("worker", data)) {
            node.shell("install", transientJar.toUri().toString()).expectExit(0);
            assertNotNull(row(node, TRANSIENT), "installed from the shell");

            Files.copy(hello, data.resolve("plugins").resolve("hello.jar"));
            Row started = awaitActive(node, TestBundles.HELLO);
            assertEquals("1.0.0", started.version());

            node.terminate();
            assertEquals(0, node.awaitExit(NodeLifecycleTest.STOP_BOUND));
        }

        try (NodeProcess node = NodeProcess.start("worker", data)) {
            awaitActive(node, TestBundles.HELLO);
            assertNull(row(node, TRANSIENT), "a shell install does not outlive the node");
        }
    }

    private static Row awaitActive(NodeProcess node, String symbolicName) {
        return Eventually.await(symbolicName + " Active in lb", PLUGIN_DEADLINE, () -> row(node, symbolicName),
                r -> r != null && r.state().equals("Active"));
    }

    private static Row row(NodeProcess node, String symbolicName) {
        return TestBundles.find(node.shell("lb", "-s").expectExit(0).stdout(), symbolicName);
    }
}
