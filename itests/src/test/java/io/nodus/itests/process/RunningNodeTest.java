package io.nodus.itests.process;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.itests.node.NodeProcess.ShellResult;
import io.nodus.itests.process.TestBundles.Row;

/**
 * One worker node, started once through {@code ./nodus start}, that every test here talks to through
 * {@code ./nodus shell}. Tests that change the node put it back the way they found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunningNodeTest {

    static final Set<String> NODE_COMPONENTS = Set.of("NodeRuntime", "ShellEndpoint", "ReadyAnnouncer",
            "GracefulShutdown", "NodeCommands");

    @TempDir
    static Path scratch;

    private NodeProcess node;

    @BeforeAll
    void startNode() throws IOException {
        node = NodeProcess.start("worker", scratch.resolve("worker"));
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readyLineIsTheOneLineOnStdoutAndNamesTheProfile() {
        Matcher ready = node.ready();
        assertEquals("worker", ready.group(1));
        assertEquals(List.of(ready.group()), node.stdoutLines(), "stdout carries exactly the READY line");
        if (node.peer().isEmpty()) {
            assertEquals(List.of(), node.addrs(), "no peer id, so no addresses either");
        } else {
            assertFalse(node.addrs().isEmpty(), "a node with a peer id listens somewhere: " + ready.group());
            for (String addr : node.addrs()) {
                assertTrue(addr.startsWith("/ip4/127.0.0.1/") || addr.startsWith("/ip6/::1/"),
                        "asked to listen on loopback only, announced " + addr);
                assertFalse(addr.matches(".*/tcp/0(/.*)?$"), "announces the bound port, not 0: " + addr);
            }
        }
    }

    @Test
    void lbListsTheNodeBundleActive() {
        ShellResult bySymbolicName = node.shell("lb", "-s").expectExit(0);
        Row core = TestBundles.find(bySymbolicName.stdout(), "io.nodus.node");
        assertNotNull(core, bySymbolicName.toString());
        assertEquals("Active", core.state());

        ShellResult byName = node.shell("lb").expectExit(0);
        Row named = TestBundles.find(byName.stdout(), "Nodus node");
        assertNotNull(named, byName.toString());
        assertEquals("Active", named.state());
        assertEquals(core.id(), named.id());
    }

    @Test
    void scrListShowsEveryNodeComponentUp() {
        ShellResult scr = node.shell("scr:list").expectExit(0);
        // "io.nodus.node.impl.X in bundle 4 (...) enabled, 1 instance.\n    Id: 3, State:ACTIVE"
        Pattern component = Pattern.compile("io\\.nodus\\.node\\.impl\\.(\\w+) in bundle .*\\n\\s*Id: \\d+, State:(\\w+)");
        Matcher m = component.matcher(scr.stdout());
        Map<String, String> states = new HashMap<>();
        while (m.find()) {
            states.put(m.group(1), m.group(2));
        }
        assertTrue(states.keySet().containsAll(NODE_COMPONENTS), "node components in scr:list: " + states + "\n" + scr);
        states.forEach((name, state) -> assertTrue(state.equals("ACTIVE") || state.equals("SATISFIED"),
                name + " is " + state));
    }

    @Test
    void nodeInfoDescribesThisNode() {
        ShellResult info = node.shell("node:info").expectExit(0);
        assertTrue(info.stdout().contains("name:     worker\n"), info.toString());
        assertTrue(info.stdout().contains("profile:  worker\n"), info.toString());
        assertTrue(info.stdout().contains("data:     " + node.dataDir().toAbsolutePath() + "\n"), info.toString());
        assertTrue(info.stdout().matches("(?s).*uptime:   \\d+ s\n.*"), info.toString());
    }

    @Test
    void unknownCommandExitsOneAndSaysSo() {
        ShellResult r = node.shell("no:such-command").expectExit(1);
        assertTrue(r.stderr().contains("Command not found"), r.toString());
    }

    @Test
    void shellWithoutCommandReadsCommandsFromStdin() {
        ShellResult r = node.shellWithInput("node:info\nlb -s\n").expectExit(0);
        assertTrue(r.stdout().startsWith("nodus> "), r.toString());
        assertTrue(r.stdout().contains("name:     worker"), r.toString());
        assertNotNull(TestBundles.find(r.stdout(), "io.nodus.node"), r.toString());
        assertEquals(3, r.stdout().split("nodus> ", -1).length - 1, "one prompt per line read, plus the last: " + r);
    }

    @Test
    void wrongTokenIsRefusedWithExitThree() throws IOException {
        Path endpoint = node.dataDir().resolve("run").resolve("shell");
        String original = Files.readString(endpoint, StandardCharsets.US_ASCII);
        assertTrue(original.matches("(?s).*port=\\d+\n.*"), original);
        try {
            Files.writeString(endpoint, original.replaceAll("token=[0-9a-f]+", "token=" + "00".repeat(32)),
                    StandardCharsets.US_ASCII);
            ShellResult r = node.shell("node:info").expectExit(3);
            assertTrue(r.stderr().contains("refused"), r.toString());
            assertFalse(r.stdout().contains("name:"), "no command ran: " + r);
        } finally {
            Files.writeString(endpoint, original, StandardCharsets.US_ASCII);
        }
        node.shell("node:info").expectExit(0);
    }

    @Test
    void secondStartOnTheSameDataDirIsRefused() {
        ShellResult second = NodeProcess.nodus("start", "--profile", "worker", "--data", node.dataDir().toString())
                .expectExit(2);
        assertTrue(second.stderr().contains("in use by a running node"), second.toString());
        assertTrue(node.isAlive(), "the running node is untouched");
        node.shell("node:info").expectExit(0);
    }

    @Test
    void bundleIsInstalledStartedUpdatedRefreshedAndUninstalledFromTheShell() throws IOException {
        Path jar = TestBundles.write(scratch.resolve("bundles").resolve("hello.jar"), TestBundles.HELLO, "1.0.0");
        long id = TestBundles.installedId(node.shell("install", jar.toUri().toString()).expectExit(0).stdout());
        try {
            Row installed = hello();
            assertNotNull(installed, "lb -s lists the installed bundle");
            assertEquals(id, installed.id());
            assertTrue(Set.of("Installed", "Resolved").contains(installed.state()), installed.toString());

            node.shell("start", Long.toString(id)).expectExit(0);
            assertEquals("Active", hello().state());

            // update re-reads the bundle from its location: put a new version there first
            TestBundles.write(jar, TestBundles.HELLO, "1.0.1");
            node.shell("update", Long.toString(id)).expectExit(0);
            Row updated = hello();
            assertEquals("1.0.1", updated.version());
            assertEquals("Active", updated.state(), "an updated active bundle is started again");
            assertEquals(id, updated.id(), "update keeps the bundle id");

            node.shell("refresh", Long.toString(id)).expectExit(0);
            assertEquals("Active", Eventually.await("refreshed bundle active again", Duration.ofSeconds(10),
                    this::hello, r -> r != null && r.state().equals("Active")).state());

            node.shell("uninstall", Long.toString(id)).expectExit(0);
            assertNull(hello(), "lb no longer lists an uninstalled bundle");
            // plain refresh (all bundles pending removal): Nodus serves it, Gogo Command 1.1.2's fails
            node.shell("refresh").expectExit(0);
        } finally {
            if (hello() != null) {
                node.shell("uninstall", Long.toString(id));
            }
        }
    }

    private Row hello() {
        return TestBundles.find(node.shell("lb", "-s").expectExit(0).stdout(), TestBundles.HELLO);
    }
}
