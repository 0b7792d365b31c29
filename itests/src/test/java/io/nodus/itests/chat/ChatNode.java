package io.nodus.itests.chat;

import io.nodus.itests.node.NodeProcess;

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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A node for the chat tests: a {@link NodeProcess} (loopback, no mDNS) with what these tests add - streaming shell
 * commands, the node's log, configuration written before start.
 */
final class ChatNode implements AutoCloseable {

    static final Duration SHELL_DEADLINE = NodeProcess.SHELL_DEADLINE;

    final Path dataDir;
    final String peer;
    final String addr;
    private final NodeProcess node;

    private ChatNode(NodeProcess node) {
        this.node = node;
        this.dataDir = node.dataDir();
        this.peer = node.peer();
        this.addr = node.dialAddress();
    }

    static ChatNode start(String profile, Path dataDir, String... args) throws IOException {
        NodeProcess node = NodeProcess.start(profile, dataDir, args);
        try {
            // READY comes when the host listens; the chat commands register a moment later on a busy machine
            node.shellUntil(SHELL_DEADLINE, NodeProcess.ShellResult::ok, "chat:sessions");
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return new ChatNode(node);
    }

    /** Waits until this node has a connection to {@code peer} (a node that bootstraps to us dials after its READY). */
    void awaitConnected(String peer) {
        node.shellUntil(SHELL_DEADLINE, r -> r.ok() && r.stdout().contains(peer), "p2p:peers");
    }

    /** Runs one shell command to completion and returns what it printed. */
    Result shell(String... command) {
        NodeProcess.ShellResult r = node.shell(command);
        return new Result(String.join(" ", command), r.exit(), r.stdout(), r.stderr());
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
            Path f = node.logFile();
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
        node.kill();
    }

    @Override
    public void close() {
        node.close();
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
        return NodeProcess.root();
    }

    private static Path script() {
        return NodeProcess.nodusScript();
    }
}
