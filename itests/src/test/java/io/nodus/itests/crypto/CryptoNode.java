package io.nodus.itests.crypto;

import io.nodus.itests.node.NodeProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node for the crypto process tests: a {@link NodeProcess} (loopback only) whose shell commands must succeed, plus
 * what these tests look at (bundle ids, the node's log).
 */
final class CryptoNode implements AutoCloseable {

    static final Duration SHELL_DEADLINE = NodeProcess.SHELL_DEADLINE;

    final Path data;
    final String peer;
    final List<String> addrs;
    private final NodeProcess process;

    private CryptoNode(NodeProcess process) {
        this.process = process;
        this.data = process.dataDir();
        this.peer = process.peer();
        this.addrs = process.addrs();
    }

    static Path root() {
        return NodeProcess.root();
    }

    static Path logs() throws IOException {
        return Files.createDirectories(root().resolve("itests/target/crypto-process"));
    }

    static CryptoNode start(String profile, Path data) throws IOException {
        return new CryptoNode(NodeProcess.start(profile, data));
    }

    /** The node's dialable address with its peer ID. */
    String dialAddress() {
        return process.dialAddress();
    }

    /** Runs a shell command to completion; returns its stdout, failing on a non-zero exit. */
    String shell(String... command) {
        return process.shell(command).expectOk().stdout();
    }

    Result run(String... command) {
        NodeProcess.ShellResult r = process.shell(command);
        return new Result(r.exit(), r.stdout(), r.stderr());
    }

    record Result(int exit, String out, String err) {
    }

    String log() {
        return read(process.logFile());
    }

    /** The bundle id {@code lb -s} lists for a symbolic name, or -1. */
    long bundleId(String symbolicName) {
        Matcher m = Pattern.compile("^\\s*(\\d+)\\|\\w+\\s*\\|\\s*\\d+\\|" + Pattern.quote(symbolicName) + " \\(",
                Pattern.MULTILINE).matcher(shell("lb", "-s"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a log, for failure messages. */
    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Samples {@code probe} until {@code done} accepts it or the deadline passes. */
    static <T> T await(String what, Duration deadline, Supplier<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T v = probe.get();
            if (done.test(v)) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what + "\nlast seen:\n" + v);
            }
            try {
                Thread.sleep(200); // polling a condition with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
