package io.nodus.itests.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The web UI of {@code gui} nodes in a real browser (Debian's headless Chromium, driven by playwright-core from
 * {@code itests/gui-e2e/e2e.mjs}). Screenshots of every page go to {@code itests/target/screenshots/}.
 * <ul>
 * <li>chat: two gui nodes; token refusals; contacts, typing, a message with its read receipt, TTL countdown, encryption
 * status, oversized message and file refused visibly, a file with progress; network page with latency; the Tor switch
 * (Tor configured to attach to a closed loopback control port, so the status goes to failed-closed and nothing leaves
 * the machine) and the proxy dialog; a narrow window; node B restarted under its open page, which reconnects.</li>
 * <li>training: the gui profile has no coordinator, so the gui node steers a connected aggregator (aggregator + one
 * worker) over the ML protocol, being listed in its {@code controllers}; the charts gain a point per round.</li>
 * </ul>
 */
class GuiEndToEndTest {

    static final Duration CHAT_DEADLINE = Duration.ofMinutes(6);
    static final Duration TRAINING_DEADLINE = Duration.ofMinutes(9);
    static final Path WORK = GuiNode.root().resolve("itests").resolve("target").resolve("gui-e2e");
    static final Path SCREENSHOTS = GuiNode.root().resolve("itests").resolve("target").resolve("screenshots");
    static final long TEST_MAX_FILE_BYTES = 64 * 1024;

    @Test
    void chatNetworkAndRestartInTheBrowser() throws Exception {
        assumeTrue(BrowserScript.available(), "chromium or playwright-core missing (./nodus setup installs them)");
        Path a = freshDir("chat-a");
        Path b = freshDir("chat-b");
        for (Path d : new Path[] {a, b}) {
            prepare(d);
        }
        AtomicReference<GuiNode> nodeB = new AtomicReference<>();
        try (GuiNode nodeA = GuiNode.start("gui", a)) {
            nodeB.set(GuiNode.start("gui", b));
            checkUrlAndToken(nodeA);
            checkUrlAndToken(nodeB.get());
            HttpResponse<String> unauthorized = GuiApi.get(nodeA, "/api/state", false);
            assertEquals(401, unauthorized.statusCode());
            assertEquals("", unauthorized.body());
            HttpResponse<String> connect = GuiApi.post(nodeA, "/api/network/connect", Map.of("addr", nodeB.get().addr));
            assertEquals(200, connect.statusCode(), connect.body());
            assertTrue(connect.body().contains(nodeB.get().peer), connect.body());

            String urlB = nodeB.get().url;
            Map<String, String> args = new LinkedHashMap<>();
            args.put("scenario", "chat");
            args.put("a", nodeA.url);
            args.put("b", urlB);
            args.put("out", SCREENSHOTS.toString());
            BrowserScript.Result r = BrowserScript.run(args, CHAT_DEADLINE, what -> {
                assertEquals("restart-b", what);
                nodeB.get().close();
                try {
                    nodeB.set(GuiNode.start("gui", b));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, GuiNode.logDir().resolve("gui-e2e-chat.log"));
            assertEquals(urlB, nodeB.get().url, "after a restart the node serves the same URL (port and token kept)");
            assertTrue(r.failures().isEmpty() && r.exit() == 0, "browser checks failed (exit " + r.exit() + "): "
                    + r.failures() + "\n" + String.join("\n", r.lines()));
            assertTrue(r.checks().size() >= 20, "too few checks ran: " + r.checks());
            System.out.println(r.summary());
        } finally {
            GuiNode b2 = nodeB.get();
            if (b2 != null) {
                b2.close();
            }
        }
    }

    @Test
    void trainingDashboardOfAConnectedAggregator() throws Exception {
        assumeTrue(BrowserScript.available(), "chromium or playwright-core missing (./nodus setup installs them)");
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST missing (./nodus setup installs dataset-fashion-mnist)");
        Path g = freshDir("train-gui");
        Path agg = freshDir("train-aggregator");
        Path w = freshDir("train-worker");
        prepare(g);
        Map<String, String> ml = Map.of("OMP_NUM_THREADS", "1",
                "NODUS_JAVA_OPTS", "-XX:+UseSerialGC -Xmx768m -XX:TieredStopAtLevel=1");
        String djl = "-Dnodus.djl.cache=" + GuiNode.root().resolve("itests/target/djl-cache");
        try (GuiNode gui = GuiNode.start("gui", g)) {
            Files.createDirectories(agg.resolve("etc"));
            Files.writeString(agg.resolve("etc/io.nodus.ml.aggregator.cfg"),
                    "controllers = " + gui.peer + "\ntestSamples = 1000\n");
            try (GuiNode aggregator = GuiNode.start("aggregator", agg, ml, djl);
                    GuiNode worker = GuiNode.start("worker", w, ml, djl, "--bootstrap", aggregator.addr)) {
                awaitWorkers(aggregator, 1);
                HttpResponse<String> connect = GuiApi.post(gui, "/api/network/connect", Map.of("addr", aggregator.addr));
                assertEquals(200, connect.statusCode(), connect.body());
                Map<String, String> args = new LinkedHashMap<>();
                args.put("scenario", "training");
                args.put("a", gui.url);
                args.put("aggregator", aggregator.peer);
                args.put("rounds", "4");
                args.put("clients", "1");
                args.put("samples", "4000");
                args.put("out", SCREENSHOTS.toString());
                BrowserScript.Result r = BrowserScript.run(args, TRAINING_DEADLINE, what -> {
                }, GuiNode.logDir().resolve("gui-e2e-training.log"));
                assertTrue(r.failures().isEmpty() && r.exit() == 0, "browser checks failed (exit " + r.exit() + "): "
                        + r.failures() + "\n" + String.join("\n", r.lines()));
                String status = aggregator.shell("ml:status");
                assertTrue(status.contains("finished"), status);
                System.out.println(r.summary());
            }
        }
    }

    private static void awaitWorkers(GuiNode aggregator, int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = aggregator.shell("ml:workers");
            if (last.startsWith(n + " workers")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("aggregator never saw " + n + " workers: " + last);
    }

    /** The URL line: loopback, the port kept in gui.port, the token of gui.token (owner-only); printed once. */
    private static void checkUrlAndToken(GuiNode node) throws IOException {
        Path token = node.dataDir.resolve("gui.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals(node.token(), Files.readString(token).strip());
        assertEquals(node.origin(), "http://127.0.0.1:" + Files.readString(node.dataDir.resolve("gui.port")).strip());
        assertEquals(1, node.stdoutLines().stream().filter(l -> l.startsWith("NODUS GUI ")).count(),
                node.stdoutLines().toString());
    }

    /** Small upload limit; Tor attaches to a loopback port nobody listens on, so turning it on can only fail closed. */
    private static void prepare(Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("io.nodus.gui.cfg"), "maxFileBytes = " + TEST_MAX_FILE_BYTES + "\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(etc.resolve("io.nodus.tor.cfg"), "mode = attach\ncontrol = 127.0.0.1:" + closed + "\n");
    }

    private static Path freshDir(String name) throws IOException {
        Path dir = WORK.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }
}
