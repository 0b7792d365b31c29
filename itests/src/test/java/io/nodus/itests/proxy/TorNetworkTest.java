package io.nodus.itests.proxy;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodus nodes on a private Tor network (one {@code itests/tornet} network for the class: 3 authorities, relays, an
 * exit, 3 client tors). A, B and D attach to client tors 1, 2, 3 ({@code --use-tor --tor-socks --tor-control}; A by
 * cookie, B by password); C runs its own managed tor joined to the network by the torrc fragment. Nodes know each
 * other only by {@code /onion3} addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TorNetworkTest {

    static final Duration NETWORK_UP = Duration.ofSeconds(150);
    static final Duration SCRIPT = Duration.ofSeconds(30);
    static final Duration TOR_READY = Duration.ofSeconds(60);
    static final Duration ONION_REACHABLE = Duration.ofSeconds(90);
    static final Pattern ONION = Pattern.compile("^(/onion3/[a-z2-7]{56}:\\d+)", Pattern.MULTILINE);
    static final Pattern BUNDLE = Pattern.compile("^\\s*(\\d+)\\|.*\\|io\\.nodus\\.proxy-tor\\b", Pattern.MULTILINE);

    @TempDir
    static Path scratch;

    private Path net;
    private Map<String, String> env;
    private NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;
    private NodeProcess d;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Scripts.installed("tor") && Scripts.installed("tor-gencert"),
                "tor is not installed (./nodus setup installs it)");
        net = scratch.resolve("tornet");
        Scripts.run(NETWORK_UP, "tornet.sh", "up", net.toString(), "--clients", "3");
        env = Scripts.env(net.resolve("env"));
        Path cData = scratch.resolve("c");
        Files.createDirectories(cData.resolve("etc"));
        Files.writeString(cData.resolve("etc").resolve("io.nodus.tor.cfg"), "mode = managed\ntorrcFragment = "
                + env.get("TORNET_CLIENT_TORRC_FRAGMENT") + "\n");
        Path bData = scratch.resolve("b");
        Files.createDirectories(bData.resolve("etc"));
        Files.writeString(bData.resolve("etc").resolve("io.nodus.tor.cfg"), "controlPassword = "
                + env.get("TORNET_CLIENT2_PASSWORD") + "\n");
        var fa = CompletableFuture.supplyAsync(() -> attached("a", scratch.resolve("a"), 1));
        var fb = CompletableFuture.supplyAsync(() -> attached("b", bData, 2));
        var fc = CompletableFuture.supplyAsync(() -> start("c", cData, "--use-tor"));
        var fd = CompletableFuture.supplyAsync(() -> attached("d", scratch.resolve("d"), 3));
        a = fa.join();
        b = fb.join();
        c = fc.join();
        d = fd.join();
    }

    private NodeProcess attached(String name, Path data, int client) {
        return start(name, data, "--use-tor", "--tor-socks", env.get("TORNET_CLIENT" + client + "_SOCKS"),
                "--tor-control", env.get("TORNET_CLIENT" + client + "_CONTROL"));
    }

    private static NodeProcess start(String name, Path data, String... args) {
        try {
            return NodeProcess.start("bootstrap", data, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() throws IOException {
        for (NodeProcess n : new NodeProcess[] {a, b, c, d}) {
            if (n != null) {
                n.close();
            }
        }
        if (net != null) {
            Scripts.run(SCRIPT, "tornet.sh", "down", net.toString());
        }
    }

    /** The node's onion multiaddr once Tor is up and the service published, with {@code /p2p/<peer>}. */
    private static String onion(NodeProcess n) {
        n.shellUntil(TOR_READY, s -> s.has("state", "UP"), "tor:status");
        NodeProcess.ShellResult s = n.shellUntil(TOR_READY, NodeProcess.ShellResult::ok, "tor:onion");
        Matcher m = ONION.matcher(s.stdout());
        assertTrue(m.find(), s.toString());
        return m.group(1) + "/p2p/" + n.peer();
    }

    private static void connect(NodeProcess from, String addr) {
        from.shellUntil(ONION_REACHABLE, NodeProcess.ShellResult::ok, "p2p:connect", addr);
    }

    @Test
    @Order(1)
    void attachedNodesConnectPingIdentifyAndOpenAStreamOnlyThroughOnionServices() throws IOException {
        String aOnion = onion(a);
        NodeProcess.ShellResult addrs = a.shell("p2p:addrs").expectOk();
        assertTrue(addrs.stdout().contains(aOnion), "the onion address is announced: " + addrs);

        connect(b, aOnion);
        NodeProcess.ShellResult test = b.shell("proxy:test", aOnion).expectOk();
        assertTrue(test.stdout().contains("route:   tor via socks5://" + env.get("TORNET_CLIENT2_SOCKS")), test.toString());
        assertTrue(test.stdout().contains("connection route: tor"), test.toString());
        b.shell("p2p:ping", a.peer(), "3").expectOk();
        NodeProcess.ShellResult peers = b.shellUntil(Duration.ofSeconds(20), s -> s.stdout().contains("nodus/"), "p2p:peers");
        assertTrue(peers.stdout().contains(a.peer() + "  " + aOnion.substring(0, aOnion.indexOf("/p2p/"))),
                "B knows A only by its onion address: " + peers);

        NodeProcess.ShellResult circuits = b.shell("tor:circuits").expectOk();
        assertTrue(circuits.stdout().contains(" BUILT "), circuits.toString());
        NodeProcess.ShellResult newnym = b.shell("tor:newnym").expectOk();
        assertTrue(newnym.stdout().contains("NEWNYM sent"), newnym.toString());
        b.shell("p2p:ping", a.peer(), "1").expectOk(); // NEWNYM changes circuits for new streams only

        Files.writeString(a.dataDir().resolve("etc").resolve("io.nodus.proxy.cfg"), "admins = " + b.peer() + "\n");
        a.shellUntil(Duration.ofSeconds(20), s -> s.stdout().contains(b.peer()), "proxy:get");
        NodeProcess.ShellResult remote = b.shell("proxy:remoteget", a.peer()).expectOk(); // a custom protocol stream
        assertTrue(remote.has("useTor", "true"), remote.toString());
    }

    @Test
    @Order(2)
    void aManagedTorKeepsItsOnionAddressAcrossRestartsAndStopsWithTheNode() throws IOException {
        String first = onion(c);
        NodeProcess.ShellResult status = c.shell("tor:status").expectOk();
        assertTrue(status.has("mode", "managed"), status.toString());
        Matcher pid = Pattern.compile("tor pid:\\s+(\\d+)").matcher(status.stdout());
        assertTrue(pid.find(), status.toString());
        connect(b, first);
        b.shell("p2p:ping", c.peer(), "2").expectOk();

        c.close();
        ProcessHandle tor = ProcessHandle.of(Long.parseLong(pid.group(1))).orElse(null);
        if (tor != null) {
            tor.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> tor).join();
            assertFalse(tor.isAlive(), "the managed tor outlived its node");
        }
        c = NodeProcess.start("bootstrap", c.dataDir(), "--use-tor");
        assertEquals(first, onion(c), "same onion address after a restart");
        connect(b, first);
        b.shell("p2p:ping", c.peer(), "2").expectOk();
    }

    @Test
    @Order(3)
    void failsClosedWhileTorIsGoneAndRecoversWhenItIsBack() throws IOException {
        String dOnion = onion(d);
        String aOnion = onion(a);
        try (Sentinel sentinel = new Sentinel()) {
            Scripts.run(SCRIPT, "tornet.sh", "stop-node", net.toString(), "client3");
            d.shellUntil(Duration.ofSeconds(30), s -> s.has("state", "DOWN"), "tor:status");
            NodeProcess.ShellResult refused = d.shell("p2p:connect", "/ip4/127.0.0.1/tcp/" + sentinel.port() + "/p2p/" + a.peer());
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.stderr().contains("useTor=true but Tor is DOWN"), refused.toString());
            assertTrue(refused.stderr().contains("fail-closed"), refused.toString());
            assertEquals(0, sentinel.accepted(), "a direct connection was made while Tor was down");
            assertEquals(1, d.shell("tor:onion").exit(), "no onion service while Tor is down");

            Scripts.run(SCRIPT, "tornet.sh", "start-node", net.toString(), "client3");
            assertEquals(dOnion, onion(d), "the onion service is published again, same address");
            d.shell("p2p:disconnect", a.peer()).expectOk();
            connect(d, aOnion);
            b.shell("p2p:disconnect", d.peer()).expectOk();
            connect(b, dOnion);
            assertEquals(0, sentinel.accepted());
        }
    }

    @Test
    @Order(4)
    void theTorProviderCanBeUninstalledUnderALiveConnectionAndReinstalled() throws IOException {
        String aOnion = onion(a);
        String cOnion = onion(c);
        connect(b, aOnion);
        Matcher id = BUNDLE.matcher(b.shell("lb", "-s").expectOk().stdout());
        assertTrue(id.find(), "io.nodus.proxy-tor in lb -s");
        b.shell("uninstall", id.group(1)).expectOk();

        b.shell("p2p:ping", a.peer(), "2").expectOk(); // the live connection keeps running
        b.shell("p2p:disconnect", c.peer()).expectOk();
        NodeProcess.ShellResult refused = b.shell("p2p:connect", cOnion);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("tor provider is not installed"), refused.toString());

        Path jar = NodeProcess.root().resolve("bundles/proxy-tor/target/proxy-tor-0.1.0-SNAPSHOT.jar");
        b.shell("install", jar.toUri().toString()).expectOk();
        Matcher again = BUNDLE.matcher(b.shell("lb", "-s").expectOk().stdout());
        assertTrue(again.find(), "io.nodus.proxy-tor installed again");
        b.shell("start", again.group(1)).expectOk();
        b.shellUntil(TOR_READY, s -> s.has("state", "UP"), "tor:status");
        connect(b, cOnion);
        NodeProcess.ShellResult test = b.shell("proxy:test", cOnion).expectOk();
        assertTrue(test.stdout().contains("connection route: tor"), test.toString());
    }
}
