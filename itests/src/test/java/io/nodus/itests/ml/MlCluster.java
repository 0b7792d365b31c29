package io.nodus.itests.ml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real node processes on 127.0.0.1 started through {@code ./nodus start}: one aggregator and N workers that
 * bootstrap to it. All nodes share one DJL native-library cache ({@code -Dnodus.djl.cache}) so the 177 MB
 * extraction happens once per build, and MXNet runs one OpenMP thread per node (2 cores in CI).
 */
final class MlCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    final Path root;
    private final Path nodus;
    private final Path djlCache;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private String aggregatorAddr;
    private int aggregatorPort;

    MlCluster(String name) throws IOException {
        Path repo = Path.of(System.getProperty("nodus.root", "..")).toAbsolutePath().normalize();
        nodus = repo.resolve("nodus");
        root = repo.resolve("itests/target/ml-clusters").resolve(name);
        djlCache = repo.resolve("itests/target/djl-cache");
        deleteTree(root);
        Files.createDirectories(root);
    }

    Path data(String node) {
        return root.resolve(node);
    }

    /** The aggregator listens on a fixed port so workers find it again after a restart. */
    void startAggregator() throws IOException, InterruptedException {
        if (aggregatorPort == 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                aggregatorPort = s.getLocalPort();
            }
        }
        String listen = "/ip4/127.0.0.1/tcp/" + aggregatorPort;
        Files.createDirectories(data("aggregator").resolve("etc"));
        Files.writeString(data("aggregator").resolve("etc/io.nodus.transport.cfg"), "listen = " + listen + "\nmdnsEnabled = false\n");
        start("aggregator", "aggregator", List.of("--listen", listen));
        aggregatorAddr = null;
        waitFor("aggregator listens", START_TIMEOUT, () -> {
            aggregatorAddr = shell("aggregator", "p2p:addrs").lines().filter(l -> l.startsWith("/ip4/127.0.0.1/"))
                    .findFirst().orElse(null);
            return aggregatorAddr != null;
        });
    }

    /** Starts worker {@code w<i>}; {@code attack} (null: honest) goes to its io.nodus.ml.worker configuration. */
    void startWorker(int i, String attack) throws IOException {
        String node = "w" + i;
        Files.createDirectories(data(node).resolve("etc"));
        Files.writeString(data(node).resolve("etc/io.nodus.transport.cfg"), "mdnsEnabled = false\n");
        if (attack != null) {
            setAttack(i, attack);
        }
        start(node, "worker", List.of("--bootstrap", aggregatorAddr));
    }

    /** A relay aggregator ({@code relay = true}) that joins the root aggregator's runs with its workers. */
    String startRelay(String node) throws IOException, InterruptedException {
        Files.createDirectories(data(node).resolve("etc"));
        Files.writeString(data(node).resolve("etc/io.nodus.transport.cfg"), "mdnsEnabled = false\n");
        Files.writeString(data(node).resolve("etc/io.nodus.ml.aggregator.cfg"), "relay = true\n");
        start(node, "aggregator", List.of("--bootstrap", aggregatorAddr));
        String[] addr = new String[1];
        waitFor(node + " listens", START_TIMEOUT, () -> {
            addr[0] = shell(node, "p2p:addrs").lines().filter(l -> l.startsWith("/ip4/127.0.0.1/")).findFirst().orElse(null);
            return addr[0] != null;
        });
        return addr[0];
    }

    /** A worker that bootstraps to the given aggregators (its relay first, a fallback next). */
    void startWorkerOf(int i, String... aggregators) throws IOException {
        String node = "w" + i;
        Files.createDirectories(data(node).resolve("etc"));
        Files.writeString(data(node).resolve("etc/io.nodus.transport.cfg"), "mdnsEnabled = false\n");
        List<String> args = new ArrayList<>();
        for (String a : aggregators) {
            args.add("--bootstrap");
            args.add(a);
        }
        start(node, "worker", args);
    }

    /** Changes a worker's attack simulation live (FileInstall applies the file; the next run uses it). */
    void setAttack(int i, String attack) throws IOException {
        Path cfg = data("w" + i).resolve("etc/io.nodus.ml.worker.cfg");
        Files.writeString(cfg.resolveSibling("io.nodus.ml.worker.cfg.tmp"), "attack = " + attack + "\n");
        Files.move(cfg.resolveSibling("io.nodus.ml.worker.cfg.tmp"), cfg, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void awaitWorkers(int n) throws InterruptedException {
        waitFor(n + " workers connected", START_TIMEOUT, () -> shell("aggregator", "ml:workers").startsWith(n + " workers"));
    }

    private void start(String node, String profile, List<String> extra) throws IOException {
        Path dir = data(node);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(nodus.toString(), "start", "--profile", profile, "--data", dir.toString(),
                "-Dnodus.djl.cache=" + djlCache, "-Dnodus.mdns=false"));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(node + ".out").toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("NODUS_JAVA_OPTS", "-XX:+UseSerialGC -Xmx768m -XX:TieredStopAtLevel=1");
        processes.put(node, pb.start());
    }

    /** SIGTERM to the entry script (it forwards it to the node's JVM): a graceful node stop, waited for. */
    void stop(String node) throws InterruptedException {
        Process p = processes.remove(node);
        if (p != null) {
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            p.destroy();
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("process " + h.pid() + " of " + node + " did not stop", e);
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: no shutdown hooks, no goodbye to peers. */
    void kill(String node) throws InterruptedException {
        Process p = processes.remove(node);
        if (p != null) {
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            // the node's JVM holds the data-dir lock until it is gone
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("process " + h.pid() + " of " + node + " did not exit", e);
                }
            }
        }
    }

    String shell(String node, String command) {
        try {
            Process p = new ProcessBuilder(nodus.toString(), "shell", "--data", data(node).toString(), command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out.strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Starts a run on the root aggregator with {@code ml:start <args>}; returns its id. */
    String startRun(String args) {
        String started = shell("aggregator", "ml:start " + args);
        if (!started.startsWith("started run ")) {
            throw new AssertionError("ml:start " + args + " -> " + started);
        }
        return started.substring("started run ".length()).split(" ")[0];
    }

    /** Starts a run with {@code ml:start <args>} and waits for it to finish; returns the metrics rows of it. */
    List<String[]> train(String args, Duration timeout) throws IOException, InterruptedException {
        String run = startRun(args);
        awaitRunEnd(run, timeout);
        return metrics(run);
    }

    /** Waits until {@code run} has written at least {@code rounds} rows of metrics. */
    void awaitRounds(String run, int rounds, Duration timeout) throws InterruptedException {
        waitFor(rounds + " rounds of " + run, timeout, () -> {
            try {
                return metrics(run).size() >= rounds;
            } catch (IOException e) {
                return false;
            }
        });
    }

    void awaitRunEnd(String run, Duration timeout) throws InterruptedException {
        waitFor("run " + run + " ends", timeout, () -> {
            String s = shell("aggregator", "ml:status");
            if (s.contains("run " + run + ": failed")) {
                throw new AssertionError("run failed:\n" + s);
            }
            return s.contains("run " + run + ": finished");
        });
    }

    List<String[]> metrics(String run) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(data("aggregator").resolve("ml/metrics.csv"))) {
            String[] f = line.split(",");
            if (f[0].equals(run)) {
                rows.add(f);
            }
        }
        return rows;
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (String node : new ArrayList<>(processes.keySet())) {
            Process p = processes.remove(node);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
