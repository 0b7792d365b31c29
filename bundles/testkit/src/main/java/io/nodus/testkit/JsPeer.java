package io.nodus.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A js-libp2p peer ({@code itests/js-peer/peer.mjs}) in a child process, driven by JSON lines: commands on its
 * stdin, one reply per command (matched by {@code id}) and events on its stdout, logs to a file. Every wait is
 * bounded, and {@link #close()} always ends the process.
 */
public final class JsPeer implements AutoCloseable {

    public static final Duration START_LIMIT = Duration.ofSeconds(60);
    public static final Duration SETUP_LIMIT = Duration.ofMinutes(10);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Process process;
    private final OutputStream stdin;
    private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Path log;
    private final JsonObject ready;

    private JsPeer(Process process, Path log) throws IOException {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
        Thread reader = new Thread(this::readLoop, "js-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            ready = nextEvent("ready", START_LIMIT);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The js-peer directory, or a skipped test when node is not installed. */
    public static Path directory() throws IOException, InterruptedException {
        Path base = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("../../itests/js-peer").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("peer.mjs")), "no js peer at " + dir);
        Assumptions.assumeTrue(run(dir, Duration.ofSeconds(30), "node", "--version") == 0, "node is not installed");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            int rc = run(dir, SETUP_LIMIT, "bash", "setup.sh");
            if (rc != 0) {
                throw new IOException("itests/js-peer/setup.sh failed with exit code " + rc);
            }
        }
        return dir;
    }

    public static JsPeer start(String... args) throws IOException, InterruptedException {
        Path dir = directory();
        Path logDir = Paths.get(System.getProperty("basedir", ".")).resolve("target/js-peer-logs");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("peer-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + ".log");
        List<String> command = new ArrayList<>(List.of("node", "--import", "./polyfill.mjs", "peer.mjs"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new JsPeer(p, log);
    }

    public String peerId() {
        return ready.get("peerId").getAsString();
    }

    public List<String> addrs() {
        List<String> out = new ArrayList<>();
        ready.getAsJsonArray("addrs").forEach(a -> out.add(a.getAsString()));
        return out;
    }

    /** The first listen address of the family ({@code /ip4/} or {@code /ip6/}), with /p2p/. */
    public String addr(String family) {
        return addrs().stream().filter(a -> a.startsWith(family)).findFirst()
                .map(a -> a.contains("/p2p/") ? a : a + "/p2p/" + peerId())
                .orElseThrow(() -> new AssertionError("js peer does not listen on " + family + ": " + addrs()));
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @throws AssertionError with the peer's error when it answers {@code ok: false}
     */
    public JsonObject call(JsonObject command, Duration limit) throws IOException {
        int id = nextId.incrementAndGet();
        command.addProperty("id", id);
        command.addProperty("timeoutMs", limit.toMillis());
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        replies.put(id, reply);
        synchronized (stdin) {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        JsonObject r;
        try {
            r = reply.get(limit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("js peer did not answer " + command + " within " + limit + " (log: " + log + ")");
        } catch (Exception e) {
            throw new IOException("js peer: " + e.getMessage() + " (log: " + log + ")", e);
        } finally {
            replies.remove(id);
        }
        if (!r.get("ok").getAsBoolean()) {
            throw new AssertionError("js peer failed " + command.get("cmd") + ": " + r.get("error") + " (log: " + log
                    + ")");
        }
        return r;
    }

    public static JsonObject command(String name, Object... keyValues) {
        JsonObject c = new JsonObject();
        c.addProperty("cmd", name);
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v instanceof Number n) {
                c.addProperty((String) keyValues[i], n);
            } else if (v instanceof Boolean b) {
                c.addProperty((String) keyValues[i], b);
            } else {
                c.addProperty((String) keyValues[i], String.valueOf(v));
            }
        }
        return c;
    }

    /** Waits for the next event of that name (other events are dropped). */
    public JsonObject nextEvent(String name, Duration limit) throws IOException {
        return awaitEvent(name, e -> true, limit);
    }

    /** Waits for an event of that name matching {@code test} (others are dropped). */
    public JsonObject awaitEvent(String name, java.util.function.Predicate<JsonObject> test, Duration limit)
            throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject e;
            try {
                e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (e == null) {
                throw new IOException("no '" + name + "' event from the js peer within " + limit + " (alive: "
                        + process.isAlive() + ", log: " + log + ")");
            }
            if (name.equals(e.get("event").getAsString()) && test.test(e)) {
                return e;
            }
        }
    }

    private void readLoop() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                JsonElement parsed;
                try {
                    parsed = JsonParser.parseString(line);
                } catch (RuntimeException e) {
                    continue;
                }
                if (!parsed.isJsonObject()) {
                    continue;
                }
                JsonObject o = parsed.getAsJsonObject();
                if (o.has("event")) {
                    events.add(o);
                } else if (o.has("id") && !o.get("id").isJsonNull()) {
                    CompletableFuture<JsonObject> f = replies.get(o.get("id").getAsInt());
                    if (f != null) {
                        f.complete(o);
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        }
        replies.values().forEach(f -> f.completeExceptionally(new IOException("js peer exited")));
    }

    @Override
    public void close() {
        try {
            synchronized (stdin) {
                stdin.write("{\"cmd\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                stdin.close();
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int run(Path dir, Duration limit, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return -1;
        }
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }
}
