package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nodus.itests.node.NodeProcess.ShellResult;

/** Every exported profile starts from its jar, announces itself and stops cleanly. One node at a time. */
class ProfilesTest {

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"worker", "aggregator", "gui", "bootstrap"})
    void profileStartsReadyAndStopsCleanly(String profile) throws IOException {
        try (NodeProcess node = NodeProcess.start(profile, scratch.resolve(profile))) {
            assertTrue(NodeProcess.READY.matcher(node.awaitReady()).matches(), node.awaitReady());
            assertEquals(profile, node.ready().group(1));

            ShellResult info = node.shell("node:info").expectExit(0);
            assertTrue(info.stdout().contains("profile:  " + profile + "\n"), info.toString());

            node.terminate();
            assertEquals(0, node.awaitExit(NodeLifecycleTest.STOP_BOUND));
        }
    }
}
