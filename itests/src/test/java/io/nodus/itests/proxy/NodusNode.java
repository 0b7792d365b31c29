package io.nodus.itests.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node run the way users run it ({@code ./nodus start ... [--use-tor --tor-socks ... --proxy ...]}) and driven
 * through {@code ./nodus shell --data DIR}; logs under {@code itests/target/proxy-tests/}. Closing it ends the
 * script and the JVM it started, nothing else.
 */
final class NodusNode implements AutoCloseable {

    static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    static final Duration SHELL_DEADLINE = Duration.ofSeconds(60);
    static final Duration STOP_DEADLINE = Duration.ofSeconds(15);
    static final Duration POLL = Duration.ofMillis(250);
    static final String PROFILE = "bootstrap";
    static final Pattern READY = Pattern.compile("^NODUS READY profile=(\\S+) peer=(\\S*) addrs=(\\S*)$");

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String name;
    private final Path data;
    private final Process process;
    private final Path stderr;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Set<ProcessHandle> family = Collections.synchronizedSet(new LinkedHashSet<>());

    private NodusNode(String name, Path data, List<String> args) throws IOException {
        this.name = name;
        this.data = data;
        // test nodes find each other only as the test says: mDNS would connect them (and other nodes on this
        // machine) directly behind the test's back
        Path transportCfg = Files.createDirectories(data.resolve("etc")).resolve("io.nodus.transport.cfg");
        if (!Files.exists(transportCfg)) {
            Files.writeString(transportCfg, "mdnsEnabled = false\n");
        }
        Path logs = Files.createDirectories(logDir());
        String base = name + "-" + SEQ.incrementAndGet();
        this.stderr = logs.resolve(base + ".stderr");
        List<String> cmd = new ArrayList<>(List.of(root().resolve("nodus").toString(), "start", "--profile", PROFILE,
                "--data", data.toString(), "--listen", "/ip4/127.0.0.1/tcp/0"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
        family.add(process.toHandle());
        Path stdout = logs.resolve(base + ".stdout");
        Thread pump = new Thread(() -> pump(stdout), "stdout-" + base);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts a node (bootstrap profile, loopback listener) and waits for its READY line. */
    static NodusNode start(String name, Path data, String... args) throws IOException {
        NodusNode n = new NodusNode(name, data, List.of(args));
        try {
            n.awaitReady();
            return n;
        } catch (RuntimeException | Error e) {
            n.close();
            throw e;
        }
    }

    private void pump(Path copy) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var w = Files.newBufferedWriter(copy)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line + "\n");
                w.flush();
                if (line.startsWith("NODUS READY")) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException(name + " ended without a READY line"));
    }

    String awaitReady() {
        try {
            String line = ready.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            family.addAll(process.descendants().toList());
            return line;
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": no READY line within " + READY_DEADLINE + "\n" + stderrTail());
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": " + e.getCause().getMessage() + "\n" + stderrTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    String peer() {
        Matcher m = READY.matcher(awaitReady());
        if (!m.matches() || m.group(2).isEmpty()) {
            throw new AssertionError(name + ": READY line without a peer id: " + awaitReady());
        }
        return m.group(2);
    }

    /** The first announced TCP address with {@code /p2p/<peer>}. */
    String tcpAddr() {
        Matcher m = READY.matcher(awaitReady());
        if (!m.matches() || m.group(3).isEmpty()) {
            throw new AssertionError(name + ": READY line without addresses: " + awaitReady());
        }
        return m.group(3).split(",")[0] + "/p2p/" + peer();
    }

    int tcpPort() {
        String a = tcpAddr();
        Matcher m = Pattern.compile("/tcp/(\\d+)/").matcher(a);
        if (!m.find()) {
            throw new AssertionError("no TCP port in " + a);
        }
        return Integer.parseInt(m.group(1));
    }

    Path data() {
        return data;
    }

    /** {@code ./nodus shell --data DIR command...}, bounded. */
    Shell shell(String... command) {
        List<String> cmd = new ArrayList<>(List.of(root().resolve("nodus").toString(), "shell", "--data",
                data.toString()));
        cmd.addAll(List.of(command));
        try {
            Path logs = Files.createDirectories(logDir());
            int n = SEQ.incrementAndGet();
            Path out = logs.resolve("cmd-" + n + ".stdout");
            Path err = logs.resolve("cmd-" + n + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(name + ": " + String.join(" ", command) + " did not finish within "
                        + SHELL_DEADLINE);
            }
            return new Shell(name + "$ " + String.join(" ", command), p.exitValue(), Files.readString(out),
                    Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Runs the command until its result passes {@code done}, or fails at the deadline showing the last result. */
    Shell shellUntil(Duration deadline, Predicate<Shell> done, String... command) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Shell s = shell(command);
            if (done.test(s)) {
                return s;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline + ": " + s);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
        }
    }

    String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    /** SIGTERM to the script (it forwards it to the JVM), then KILL for whatever of its tree is left. */
    @Override
    public void close() {
        family.addAll(process.descendants().toList());
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ProcessHandle> left = family.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : left) {
            h.onExit().orTimeout(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> h).join();
        }
    }

    static Path root() {
        String r = System.getProperty("nodus.root");
        return (r != null ? Path.of(r) : Path.of("..")).toAbsolutePath().normalize();
    }

    static Path logDir() {
        return root().resolve("itests").resolve("target").resolve("proxy-tests");
    }

    /** What one shell command printed. */
    record Shell(String command, int exit, String stdout, String stderr) {

        boolean ok() {
            return exit == 0;
        }

        /** A line {@code key:  value...} of the output (any spacing after the colon). */
        boolean has(String key, String valueStart) {
            return java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(key) + ":\\s+"
                    + java.util.regex.Pattern.quote(valueStart)).matcher(stdout).find();
        }

        Shell expectOk() {
            if (exit != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return command + " -> exit " + exit + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
