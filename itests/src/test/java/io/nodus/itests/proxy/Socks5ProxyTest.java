package io.nodus.itests.proxy;

import io.nodus.itests.node.NodeProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that reach each other only through a real SOCKS5 proxy (microsocks, from {@code itests/tornet/socks.sh}),
 * with and without user/password authentication; the proxy's own log proves every connection went through it.
 * Node A listens; B dials through the authenticated proxy, C through the open one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Socks5ProxyTest {

    static final Duration SCRIPT = Duration.ofSeconds(30);
    static final Duration CHANGE = Duration.ofSeconds(20);
    static final String USER = "nodus";
    static final String PASS = "right-pass";

    @TempDir
    static Path scratch;

    private Path authDir;
    private Path openDir;
    private Map<String, String> auth;
    private Map<String, String> open;
    private NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Scripts.installed("microsocks"), "microsocks is not installed (./nodus setup installs it)");
        authDir = scratch.resolve("socks-auth");
        openDir = scratch.resolve("socks-open");
        Scripts.run(SCRIPT, "socks.sh", "start", authDir.toString(), "--user", USER, "--pass", PASS);
        Scripts.run(SCRIPT, "socks.sh", "start", openDir.toString());
        auth = Scripts.env(authDir.resolve("socks.env"));
        open = Scripts.env(openDir.resolve("socks.env"));
        var fa = CompletableFuture.supplyAsync(() -> start("a", scratch.resolve("a")));
        var fb = CompletableFuture.supplyAsync(() -> start("b", scratch.resolve("b"),
                "--proxy", "socks5://" + USER + ":" + PASS + "@" + auth.get("SOCKS_ADDR")));
        var fc = CompletableFuture.supplyAsync(() -> start("c", scratch.resolve("c"),
                "--proxy", "socks5://" + open.get("SOCKS_ADDR")));
        a = fa.join();
        b = fb.join();
        c = fc.join();
    }

    private static NodeProcess start(String name, Path data, String... args) {
        try {
            return NodeProcess.start("bootstrap", data, args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() throws IOException {
        for (NodeProcess n : new NodeProcess[] {a, b, c}) {
            if (n != null) {
                n.close();
            }
        }
        for (Path d : new Path[] {authDir, openDir}) {
            if (d != null && Files.exists(d.resolve("socks.env"))) {
                Scripts.run(SCRIPT, "socks.sh", "stop", d.toString());
            }
        }
    }

    private String socksLog(Map<String, String> env) throws IOException {
        return Files.readString(Path.of(env.get("SOCKS_LOG")));
    }

    @Test
    @Order(1)
    void theAuthenticatedProxyCarriesTheConnection() throws IOException {
        NodeProcess.ShellResult t = b.shell("proxy:test", a.dialAddress()).expectOk();
        assertTrue(t.stdout().contains("route:   socks5 via socks5://" + USER + ":***@" + auth.get("SOCKS_ADDR")), t.toString());
        assertTrue(t.stdout().contains("connection route: socks5"), t.toString());
        assertFalse(t.stdout().contains(PASS), "the password is never shown");
        assertTrue(socksLog(auth).contains("connected to 127.0.0.1:" + a.tcpPort()), socksLog(auth));
        b.shell("p2p:ping", a.peer(), "3").expectOk();
        NodeProcess.ShellResult get = b.shell("proxy:get").expectOk();
        assertTrue(get.stdout().contains("provider socks5:"), get.toString());
        assertFalse(get.stdout().contains(PASS), get.toString());
    }

    @Test
    @Order(2)
    void namesGoToTheProxyUnresolvedThroughAnOpenProxy() throws IOException {
        String byName = "/dns4/localhost/tcp/" + a.tcpPort() + "/p2p/" + a.peer();
        NodeProcess.ShellResult t = c.shell("proxy:test", byName).expectOk();
        assertTrue(t.stdout().contains("connection route: socks5"), t.toString());
        // had the node resolved the name itself, the proxy would have been asked for 127.0.0.1
        assertTrue(socksLog(open).contains("connected to localhost:" + a.tcpPort()), socksLog(open));
    }

    @Test
    @Order(3)
    void aWrongPasswordIsAClearError() {
        String wrong = "socks5://" + USER + ":wrong-pass@" + auth.get("SOCKS_ADDR");
        try {
            b.shell("proxy:set", wrong).expectOk();
            b.shellUntil(CHANGE, s -> s.has("provider socks5", "DOWN"), "proxy:get");
            b.shell("p2p:disconnect", a.peer()).expectOk();
            NodeProcess.ShellResult t = b.shell("p2p:connect", a.dialAddress());
            assertEquals(1, t.exit(), t.toString());
            assertTrue(t.stderr().contains("refused the user name/password of user '" + USER + "'"), t.toString());
            assertTrue(t.stderr().contains("fail-closed"), t.toString());
            assertFalse(t.stderr().contains("wrong-pass"), t.toString());
        } finally {
            b.shell("proxy:set", "socks5://" + USER + ":" + PASS + "@" + auth.get("SOCKS_ADDR")).expectOk();
            b.shellUntil(CHANGE, s -> s.has("provider socks5", "UP"), "proxy:get");
        }
    }

    @Test
    @Order(4)
    void onlyAdminsMayReadAndChangeTheProxyConfigurationRemotely() throws IOException {
        Path cfg = a.dataDir().resolve("etc").resolve("io.nodus.proxy.cfg");
        Files.writeString(cfg, "admins = " + b.peer() + "\n"); // hot-reloaded by FileInstall
        a.shellUntil(CHANGE, s -> s.stdout().contains(b.peer()), "proxy:get");
        b.shell("p2p:connect", a.dialAddress()).expectOk();
        c.shell("p2p:connect", a.dialAddress()).expectOk();

        NodeProcess.ShellResult get = b.shell("proxy:remoteget", a.peer()).expectOk();
        assertTrue(get.has("useTor", "false"), get.toString());
        assertTrue(get.has("proxy", "none"), get.toString());

        NodeProcess.ShellResult set = b.shell("proxy:remoteset", a.peer(), "allowDirectFallback", "true").expectOk();
        assertTrue(set.has("allowDirectFallback", "true"), set.toString());
        a.shellUntil(CHANGE, s -> s.has("allowDirectFallback", "true"), "proxy:get");
        String file = Files.readString(cfg);
        assertTrue(file.contains("allowDirectFallback = true") && file.contains("admins = " + b.peer()), file);

        NodeProcess.ShellResult refused = c.shell("proxy:remoteset", a.peer(), "socks5://127.0.0.1:9");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("is not an admin"), refused.toString());
        assertFalse(Files.readString(cfg).contains("127.0.0.1:9"));
    }

    @Test
    @Order(5)
    void failsClosedWhenTheProxyIsGone() throws IOException {
        try (Sentinel sentinel = new Sentinel()) {
            Scripts.run(SCRIPT, "socks.sh", "stop", openDir.toString());
            String target = "/ip4/127.0.0.1/tcp/" + sentinel.port() + "/p2p/" + a.peer();
            NodeProcess.ShellResult early = c.shell("p2p:connect", target);
            assertEquals(1, early.exit(), early.toString()); // the proxy is gone: no way out at all

            c.shellUntil(CHANGE, s -> s.has("policy", "DOWN"), "proxy:get");
            NodeProcess.ShellResult refused = c.shell("p2p:connect", target);
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.stderr().contains("fail-closed"), refused.toString());
            assertTrue(refused.stderr().contains("SOCKS5 proxy " + open.get("SOCKS_ADDR") + " unreachable"),
                    refused.toString());
            assertEquals(0, sentinel.accepted(), "a connection reached the target directly");

            Scripts.run(SCRIPT, "socks.sh", "start", openDir.toString());
            open = Scripts.env(openDir.resolve("socks.env"));
            c.shell("proxy:set", "socks5://" + open.get("SOCKS_ADDR")).expectOk();
            c.shellUntil(CHANGE, s -> s.has("policy", "UP"), "proxy:get");
            c.shell("p2p:disconnect", a.peer()).expectOk();
            c.shell("p2p:connect", a.dialAddress()).expectOk();
            assertTrue(socksLog(open).contains("connected to 127.0.0.1:" + a.tcpPort()), socksLog(open));
        }
    }
}
