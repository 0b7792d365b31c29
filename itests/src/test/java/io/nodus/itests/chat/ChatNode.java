package io.nodus.itests.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ./nodus start} process for the chat tests (the process package's NodeProcess is package-private): starts
 * on loopback, waits for the READY line, runs {@code ./nodus shell --data DIR ...}, and is always ended on close.
 */
final class ChatNode implements AutoCloseable {

    static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    static final Duration SHELL_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("^NODUS READY profile=(\\S+) peer=(\\S*) addrs=(\\S*)$");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final Path dataDir;
    final String peer;
    final String addr;
    private final Process process;

    private ChatNode(String profile, Path dataDir, String... args) throws IOException {
        this.dataDir = dataDir;
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "start", "--profile", profile, "--data",
                dataDir.toString(), "--listen", "/ip4/127.0.0.1/tcp/0"));
        cmd.addAll(List.of(args));
        Path logs = Files.createDirectories(logDir());
        Path err = logs.resolve("chat-" + profile + "-" + SEQUENCE.incrementAndGet() + ".stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("NODUS READY")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("node ended without READY, see " + err));
        }, "chat-node-stdout");
        pump.setDaemon(true);
        pump.start();
        try {
            Matcher m = READY.matcher(ready.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            if (!m.matches()) {
                throw new IllegalStateException("malformed READY line");
            }
            peer = m.group(2);
            addr = m.group(3).split(",")[0] + "/p2p/" + peer;
        } catch (Exception e) {
            close();
            throw new AssertionError("node did not come up: " + e + "\n" + tail(err), e);
        }
    }

    static ChatNode start(String profile, Path dataDir, String... args) throws IOException {
        return new ChatNode(profile, dataDir, args);
    }

    /** Runs one shell command to completion and returns what it printed (stdout, then stderr). */
    Result shell(String... command) {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "shell", "--data", dataDir.toString()));
        cmd.addAll(List.of(command));
        try {
            Path logs = Files.createDirectories(logDir());
            int n = SEQUENCE.incrementAndGet();
            Path out = logs.resolve("chat-cmd-" + n + ".stdout");
            Path err = logs.resolve("chat-cmd-" + n + ".stderr");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + SHELL_DEADLINE);
            }
            return new Result(String.join(" ", command), p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Starts {@code ./nodus shell --data DIR command...} that streams; its stdout lines go to the queue. */
    Follower follow(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "shell", "--data", dataDir.toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
        return new Follower(pb.start());
    }

    /** What the node logged so far ({@code logs/nodus.log} in its data dir; empty before the file exists). */
    String log() {
        try {
            Path f = dataDir.resolve("logs").resolve("nodus.log");
            return Files.isRegularFile(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code etc/<pid>.cfg} into a data dir before its node starts. */
    static void configure(Path dataDir, String pid, String content) throws IOException {
        Path etc = Files.createDirectories(dataDir.resolve("etc"));
        Files.writeString(etc.resolve(pid + ".cfg"), content);
    }

    /** SIGKILL to the node's whole process tree: no clean shutdown. */
    void kill() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            // the JVM is a descendant of the start script: the data dir stays locked until it is gone too
            for (ProcessHandle h : family) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the killed node's processes did not end", e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    record Result(String command, int exit, String stdout, String stderr) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError(command + ": exit " + exit + "\n" + stdout + "\n" + stderr);
            }
            return this;
        }
    }

    /** A streaming shell command; closing it ends the client (the node interrupts the command). */
    static final class Follower implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Follower(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // ended
                }
            }, "chat-follow");
            t.setDaemon(true);
            t.start();
        }

        /** Every line seen so far, once {@code done} holds for them (or fails at the deadline). */
        List<String> await(String what, Predicate<List<String>> done) {
            List<String> seen = new ArrayList<>();
            long end = System.nanoTime() + SHELL_DEADLINE.toNanos();
            while (!done.test(seen)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("not within " + SHELL_DEADLINE + ": " + what + "\nseen: " + seen);
                }
                try {
                    String l = lines.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
                    if (l != null) {
                        seen.add(l);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
            return seen;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Samples {@code probe} until {@code done} accepts it, re-checking every 200 ms, or fails at the deadline. */
    static <T> T eventually(String what, Duration deadline, Supplier<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("not within " + deadline + ": " + what + "\nlast seen:\n" + last);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            last = probe.get();
        }
        return last;
    }

    static Path root() {
        String root = System.getProperty("nodus.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    private static Path script() {
        return root().resolve("nodus");
    }

    private static Path logDir() {
        return root().resolve("itests").resolve("target").resolve("process-tests");
    }

    private static String tail(Path file) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
