package io.nodus.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local cluster driven through {@code ./nodus cluster} exactly as a user drives it, in its own directory
 * ({@code NODUS_CLUSTER_DIR}) so it never touches a cluster the user runs. Every call is bounded; what each call
 * printed is kept next to the cluster directory.
 */
final class Cluster implements AutoCloseable {

    static final Duration SHELL_DEADLINE = Duration.ofSeconds(90);
    static final Duration CONTROL_DEADLINE = Duration.ofMinutes(3);
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final Path dir;
    private final Path outputs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
    private boolean up;

    Cluster(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.outputs = this.dir.resolveSibling(this.dir.getFileName() + "-commands");
    }

    /** What one {@code ./nodus cluster ...} call printed and how it ended. */
    record Result(String command, int exit, String stdout, String stderr) {

        Result expectSuccess() {
            if (exit != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return command + " -> exit " + exit + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** One row of {@code ./nodus cluster status --tsv}. */
    record Node(String name, String profile, String state, String pid, String peers, int rssMib, String peer,
            String addr, String metricsUrl) {

        boolean ready() {
            return state.equals("ready");
        }

        int peerCount() {
            return peers.matches("\\d+") ? Integer.parseInt(peers) : -1;
        }

        /** The address another node dials: {@code <addr>/p2p/<peer>}. */
        String dialAddr() {
            return addr + "/p2p/" + peer;
        }
    }

    static Path root() {
        String root = System.getProperty("nodus.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    Result run(Duration deadline, String... args) {
        return run(deadline, null, args);
    }

    /** Runs {@code ./nodus cluster args...} with {@code stdin} (a file) as its input, or /dev/null. */
    Result run(Duration deadline, Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(root().resolve("nodus").toString(), "cluster"));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(outputs);
            int n = SEQUENCE.incrementAndGet();
            Path out = outputs.resolve(n + "-" + args[0] + ".stdout");
            Path err = outputs.resolve(n + "-" + args[0] + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from((stdin == null ? Path.of("/dev/null") : stdin).toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("NODUS_CLUSTER_DIR", dir.toString());
            pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + deadline
                        + "\n--- stderr ---\n" + Files.readString(err));
            }
            return new Result(String.join(" ", command), p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        }
    }

    /** {@code up --nodes N extra...}; the call itself waits (bounded) until every node is READY and has a peer. */
    Result up(int nodes, Duration deadline, String... extra) {
        List<String> args = new ArrayList<>(List.of("up", "--nodes", Integer.toString(nodes),
                "--timeout", Long.toString(deadline.toSeconds())));
        args.addAll(List.of(extra));
        up = true;
        return run(deadline.plusMinutes(1), args.toArray(String[]::new)).expectSuccess();
    }

    List<Node> nodes() {
        Result r = run(CONTROL_DEADLINE, "status", "--tsv").expectSuccess();
        List<Node> nodes = new ArrayList<>();
        for (String line : r.stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 9) {
                throw new AssertionError("malformed status row: " + line);
            }
            nodes.add(new Node(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), f[6], f[7], f[8]));
        }
        return nodes;
    }

    Node node(String name) {
        return nodes().stream().filter(n -> n.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }

    Result shell(String node, String... command) {
        List<String> args = new ArrayList<>(List.of("shell", node));
        args.addAll(List.of(command));
        return run(SHELL_DEADLINE, args.toArray(String[]::new));
    }

    /** Several commands in one shell session (one line each): one JVM start instead of one per command. */
    Result shellScript(String node, List<String> lines) {
        try {
            Files.createDirectories(outputs);
            Path script = outputs.resolve(SEQUENCE.incrementAndGet() + "-" + node + ".script");
            Files.write(script, lines);
            return run(SHELL_DEADLINE, script, "shell", node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell commands a node offers ({@code scope:function}), from Gogo's {@code help}. */
    Set<String> commands(String node) {
        Set<String> commands = new LinkedHashSet<>();
        for (String line : shell(node, "help").expectSuccess().stdout.split("\n")) {
            if (line.trim().matches("[a-z]+:[a-z-]+")) {
                commands.add(line.trim());
            }
        }
        return commands;
    }

    Result kill(String node) {
        return run(CONTROL_DEADLINE, "kill", node, "KILL").expectSuccess();
    }

    Result restart(String node) {
        return run(CONTROL_DEADLINE, "restart", node).expectSuccess();
    }

    /** The node's metrics endpoint, read over HTTP and checked against the text format. */
    Exposition scrape(Node node) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.metricsUrl())).timeout(SCRAPE_TIMEOUT).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(node.name() + " metrics: HTTP " + r.statusCode());
            }
            return Exposition.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(node.name() + " metrics at " + node.metricsUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** The figures {@code up} printed (cluster start to meshed, RSS per profile, ...). */
    String figures() {
        try {
            Path f = dir.resolve("logs").resolve("figures.txt");
            return Files.exists(f) ? Files.readString(f) : "(no figures)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every node; a second call is harmless. */
    @Override
    public void close() {
        if (up) {
            up = false;
            Result r = run(CONTROL_DEADLINE, "down");
            if (r.exit != 0) {
                throw new AssertionError("cluster down failed: " + r);
            }
        }
    }
}
