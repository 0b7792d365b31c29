package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration PID {@code io.nodus.node} edited as a user does: in {@code <data>/etc/io.nodus.node.cfg},
 * picked up by FileInstall while the node runs.
 */
class NodeConfigTest {

    /** FileInstall polls every second; this leaves room for a loaded machine. */
    static final Duration CONFIG_DEADLINE = Duration.ofSeconds(20);
    static final Pattern NAME = Pattern.compile("^name:\\s+(.*)$", Pattern.MULTILINE);

    @TempDir
    Path scratch;

    @Test
    void editedNameAppliesLiveAndAMalformedEditIsRejectedWhole() throws IOException {
        try (NodeProcess node = NodeProcess.start("worker", scratch.resolve("node"))) {
            assertEquals("worker", name(node), "no configuration yet: the name is the profile");
            Path cfg = node.dataDir().resolve("etc").resolve("io.nodus.node.cfg");

            Files.writeString(cfg, "name = alpha-node\n", StandardCharsets.UTF_8);
            Eventually.await("node:info shows the edited name", CONFIG_DEADLINE, () -> name(node), "alpha-node"::equals);

            // a bad level rejects the whole file: the new name in it must not apply either
            Files.writeString(cfg, "name = beta-node\nlogLevel = LOUD\n", StandardCharsets.UTF_8);
            String rejected = Eventually.await("the log says the configuration was rejected", CONFIG_DEADLINE,
                    () -> read(node.logFile()), log -> log.contains("rejected configuration io.nodus.node"));
            assertTrue(rejected.contains("keeping the last good one"), NodeProcess.tail(rejected, 5));
            assertTrue(rejected.contains("LOUD"), "the rejection names the bad value: " + NodeProcess.tail(rejected, 5));
            assertTrue(node.isAlive());
            assertEquals("alpha-node", name(node), "the last good configuration stays in force");

            // and a good file after the bad one applies again
            Files.writeString(cfg, "name = gamma-node\nlogLevel = warn\n", StandardCharsets.UTF_8);
            Eventually.await("node:info shows the name of the next good file", CONFIG_DEADLINE, () -> name(node),
                    "gamma-node"::equals);
        }
    }

    @Test
    void nodeWithAMalformedConfigurationAtStartComesUpOnDefaults() throws IOException {
        Path data = scratch.resolve("node");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("io.nodus.node.cfg"), "name = never-applied\nlogLevel = LOUD\n",
                StandardCharsets.UTF_8);
        try (NodeProcess node = NodeProcess.start("worker", data)) {
            assertEquals("worker", node.ready().group(1));
            // FileInstall may hand the file over before or after the component first activates: either way it is rejected
            Eventually.await("the log says the configuration was rejected", CONFIG_DEADLINE,
                    () -> read(node.logFile()), log -> log.contains("rejected configuration io.nodus.node"));
            assertEquals("worker", name(node), "a rejected file leaves the defaults in force");
        }
    }

    static String name(NodeProcess node) {
        String info = node.shell("node:info").expectExit(0).stdout();
        Matcher m = NAME.matcher(info);
        if (!m.find()) {
            throw new AssertionError("node:info has no name line:\n" + info);
        }
        return m.group(1).trim();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
