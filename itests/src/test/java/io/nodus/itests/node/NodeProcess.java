package io.nodus.itests.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ./nodus start} process, run the way a user runs it: through the entry script, in the
 * foreground, with its stdout and stderr kept under {@code itests/target/process-tests/}, driven through
 * {@code ./nodus shell --data DIR}. Every process test suite uses it. Closing it always ends the node, the
 * bash wrapper and the java child alike, even after a failed test.
 */
public final class NodeProcess implements AutoCloseable {

    /** Generous: the suite runs many JVMs on two cores. */
    public static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    public static final Duration SHELL_DEADLINE = Duration.ofSeconds(120);
    public static final Duration KILL_DEADLINE = Duration.ofSeconds(10);
    public static final Duration POLL = Duration.ofMillis(250);
    /** Loopback only, ephemeral port: tests never take a fixed port or a public interface. */
    public static final String TEST_LISTEN = "/ip4/127.0.0.1/tcp/0";

    public static final Pattern READY = Pattern.compile("^NODUS READY profile=(\\S+) peer=(\\S*) addrs=(\\S*)$");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String profile;
    private final Path dataDir;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final List<String> stdoutLines = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();
    private final Set<ProcessHandle> family = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Thread stdoutPump;

    private NodeProcess(String profile, Path dataDir, Map<String, String> env, List<String> command) throws IOException {
        this.profile = profile;
        this.dataDir = dataDir;
        String base = profile + "-" + SEQUENCE.incrementAndGet();
        Path logs = Files.createDirectories(logDir());
        this.stdoutFile = logs.resolve(base + ".stdout");
        this.stderrFile = logs.resolve(base + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(stderrFile.toFile());
        pinJdk(pb);
        pb.environment().putAll(env);
        this.process = pb.start();
        family.add(process.toHandle());
        this.stdoutPump = new Thread(this::pumpStdout, "nodus-stdout-" + base);
        stdoutPump.setDaemon(true);
        stdoutPump.start();
    }

    /**
     * Starts {@code ./nodus start --profile P --data DIR} (plus {@code args}) without waiting. mDNS is off
     * so that test nodes only meet the peers a test introduces, not every node on the machine.
     */
    public static NodeProcess launch(String profile, Path dataDir, String... args) throws IOException {
        return launch(profile, dataDir, Map.of(), args);
    }

    /** {@link #launch(String, Path, String...)} with extra environment variables for the entry script. */
    public static NodeProcess launch(String profile, Path dataDir, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(nodusScript().toString(), "start",
                "--profile", profile, "--data", dataDir.toString(), "--listen", TEST_LISTEN, "--no-mdns"));
        command.addAll(List.of(args));
        return new NodeProcess(profile, dataDir, env, command);
    }

    /** Starts a node and waits for its READY line; a node that does not come up is killed. */
    public static NodeProcess start(String profile, Path dataDir, String... args) throws IOException {
        return start(profile, dataDir, Map.of(), args);
    }

    /** {@link #start(String, Path, String...)} with extra environment variables for the entry script. */
    public static NodeProcess start(String profile, Path dataDir, Map<String, String> env, String... args)
            throws IOException {
        NodeProcess node = launch(profile, dataDir, env, args);
        try {
            node.awaitReady();
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    /** The READY line, waited for up to {@link #READY_DEADLINE}. */
    public String awaitReady() {
        try {
            String line = readyLine.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            family.addAll(process.descendants().toList());
            return line;
        } catch (TimeoutException e) {
            throw new AssertionError("no READY line within " + READY_DEADLINE + describe());
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage() + describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for READY");
        }
    }

    /** The first stdout line starting with {@code prefix}, waited for up to {@code deadline}. */
    public String awaitLine(String prefix, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            for (String line : stdoutLines()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive() || System.nanoTime() - end > 0) {
                throw new AssertionError("no line starting with '" + prefix + "' within " + deadline + describe());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** The parsed READY line: group 1 profile, 2 peer id (may be empty), 3 comma-separated addrs (may be empty). */
    public Matcher ready() {
        Matcher m = READY.matcher(awaitReady());
        if (!m.matches()) {
            throw new AssertionError("malformed READY line: " + awaitReady());
        }
        return m;
    }

    public String peer() {
        return ready().group(2);
    }

    public List<String> addrs() {
        String addrs = ready().group(3);
        return addrs.isEmpty() ? List.of() : List.of(addrs.split(","));
    }

    /** The first listen address with {@code /p2p/<peer>}: what another node dials. */
    public String dialAddress() {
        List<String> addrs = addrs();
        if (addrs.isEmpty() || peer().isEmpty()) {
            throw new AssertionError("READY line without a peer or an address: " + awaitReady());
        }
        return addrs.get(0) + "/p2p/" + peer();
    }

    /** The TCP port of the first listen address. */
    public int tcpPort() {
        Matcher m = Pattern.compile("/tcp/(\\d+)").matcher(dialAddress());
        if (!m.find()) {
            throw new AssertionError("no TCP port in " + dialAddress());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Runs {@code ./nodus shell --data DIR command...} against this node. */
    public ShellResult shell(String... command) {
        return shell(dataDir, null, command);
    }

    /** Runs {@code ./nodus shell --data DIR} with {@code stdin} as its input (interactive mode). */
    public ShellResult shellWithInput(String stdin) {
        return shell(dataDir, stdin);
    }

    public static ShellResult shell(Path dataDir, String stdin, String... command) {
        List<String> cmd = new ArrayList<>(List.of(nodusScript().toString(), "shell", "--data", dataDir.toString()));
        cmd.addAll(List.of(command));
        return run(cmd, stdin);
    }

    /** Runs the entry script with {@code args} to completion (bounded) and returns what it printed. */
    public static ShellResult nodus(String... args) {
        List<String> cmd = new ArrayList<>(List.of(nodusScript().toString()));
        cmd.addAll(List.of(args));
        return run(cmd, null);
    }

    private static ShellResult run(List<String> command, String stdin) {
        try {
            Path logs = Files.createDirectories(logDir());
            int n = SEQUENCE.incrementAndGet();
            Path out = logs.resolve("cmd-" + n + ".stdout");
            Path err = logs.resolve("cmd-" + n + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            pinJdk(pb);
            Process p = pb.start();
            if (stdin != null) {
                try (Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                    w.write(stdin);
                }
            }
            if (!p.waitFor(SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + SHELL_DEADLINE);
            }
            return new ShellResult(String.join(" ", command), p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        }
    }

    /** Runs the command until its result passes {@code done}; fails at the deadline showing the last result. */
    public ShellResult shellUntil(Duration deadline, java.util.function.Predicate<ShellResult> done, String... command) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            ShellResult r = shell(command);
            if (done.test(r)) {
                return r;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline + ": " + r);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** SIGTERM to the entry script (it forwards the signal to the node's JVM). */
    public void terminate() {
        family.addAll(process.descendants().toList());
        process.destroy();
    }

    /** SIGKILL to the node's whole process tree (no clean shutdown); returns once all of it is gone. */
    public void kill() {
        family.addAll(process.descendants().toList());
        List<ProcessHandle> all = List.copyOf(family);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            // the JVM is a descendant of the entry script: the data dir stays locked until it is gone too
            h.onExit().orTimeout(KILL_DEADLINE.toMillis() * 3, TimeUnit.MILLISECONDS).exceptionally(t -> {
                throw new AssertionError("process " + h.pid() + " of the killed node did not end", t);
            }).join();
        }
    }

    /** Waits for the process to end; returns its exit code, or fails when it is still running at the deadline. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node still running " + deadline + " after it was asked to stop" + describe());
            }
            stdoutPump.join(KILL_DEADLINE.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the node to stop");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line the node printed on stdout so far. */
    public List<String> stdoutLines() {
        synchronized (stdoutLines) {
            return List.copyOf(stdoutLines);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public String profile() {
        return profile;
    }

    public Path logFile() {
        return dataDir.resolve("logs").resolve("nodus.log");
    }

    public String stderr() {
        try {
            return Files.readString(stderrFile);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** The last lines the node wrote on stderr, for failure messages. */
    public String stderrTail() {
        return tail(stderr(), 30);
    }

    /** Ends the node however it is doing: SIGTERM first, then SIGKILL for anything left of its process tree. */
    @Override
    public void close() {
        family.addAll(process.descendants().toList());
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The wrapper may be gone while the java child lives on (re-parented): kill what we recorded.
        List<ProcessHandle> left = family.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : left) {
            h.onExit().orTimeout(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> h).join();
        }
    }

    private void pumpStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(stdoutFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                stdoutLines.add(line);
                copy.write(line + "\n");
                copy.flush();
                if (line.startsWith("NODUS READY")) {
                    readyLine.complete(line);
                }
            }
        } catch (IOException e) {
            readyLine.completeExceptionally(e);
        }
        readyLine.completeExceptionally(new IllegalStateException("node ended without a READY line"
                + (process.isAlive() ? "" : " (exit " + exitValueOrUnknown() + ")")));
    }

    private String exitValueOrUnknown() {
        try {
            return String.valueOf(process.waitFor(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : "?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private String describe() {
        return "\n--- " + stderrFile + " (tail) ---\n" + tail(stderr(), 40);
    }

    public static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /** The node and shell run on the JDK that runs the tests, so the entry script does not probe for one. */
    private static void pinJdk(ProcessBuilder pb) {
        pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
    }

    public static Path root() {
        String root = System.getProperty("nodus.root");
        Path p = root != null ? Path.of(root) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    public static Path nodusScript() {
        return root().resolve("nodus");
    }

    public static Path logDir() {
        return root().resolve("itests").resolve("target").resolve("process-tests");
    }

    /** What one {@code ./nodus ...} invocation printed and how it exited. */
    public record ShellResult(String command, int exit, String stdout, String stderr) {

        /** Fails with everything printed when the exit code is not {@code expected}. */
        public boolean ok() {
            return exit == 0;
        }

        /** Fails with everything printed unless the command exited 0. */
        public ShellResult expectOk() {
            return expectExit(0);
        }

        /** Whether stdout has a line {@code key:  value...} (any spacing after the colon). */
        public boolean has(String key, String valueStart) {
            return Pattern.compile("(?m)^" + Pattern.quote(key) + ":\\s+" + Pattern.quote(valueStart)).matcher(stdout)
                    .find();
        }

        public ShellResult expectExit(int expected) {
            if (exit != expected) {
                throw new AssertionError(command + ": exit " + exit + ", expected " + expected
                        + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
            }
            return this;
        }

        @Override
        public String toString() {
            return command + " -> exit " + exit + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }
}
