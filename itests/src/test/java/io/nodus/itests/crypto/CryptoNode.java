package io.nodus.itests.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node started with {@code ./nodus start} (loopback only) for the crypto process tests, driven with
 * {@code ./nodus shell --data DIR ...}. Closing it stops the node and, if it does not stop, kills its process tree.
 */
final class CryptoNode implements AutoCloseable {

    static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    static final Duration SHELL_DEADLINE = Duration.ofSeconds(120);
    static final Pattern READY = Pattern.compile("^NODUS READY profile=(\\S+) peer=(\\S*) addrs=(\\S*)$",
            Pattern.MULTILINE);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final Path data;
    final String peer;
    final List<String> addrs;
    private final Process process;

    private CryptoNode(Path data, Process process, String peer, List<String> addrs) {
        this.data = data;
        this.process = process;
        this.peer = peer;
        this.addrs = addrs;
    }

    static Path root() {
        return Path.of(System.getProperty("nodus.root", "..")).toAbsolutePath().normalize();
    }

    static Path logs() throws IOException {
        return Files.createDirectories(root().resolve("itests/target/crypto-process"));
    }

    static CryptoNode start(String profile, Path data) throws IOException {
        Path out = logs().resolve("node-" + SEQUENCE.incrementAndGet() + ".stdout");
        Process p = new ProcessBuilder(root().resolve("nodus").toString(), "start", "--profile", profile, "--data",
                data.toString(), "--listen", "/ip4/127.0.0.1/tcp/0")
                .directory(root().toFile()).redirectOutput(out.toFile())
                .redirectError(out.resolveSibling(out.getFileName() + ".stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            String text = await("READY line of " + data, READY_DEADLINE, () -> read(out), s -> READY.matcher(s).find()
                    || !p.isAlive());
            Matcher m = READY.matcher(text);
            if (!m.find()) {
                throw new AssertionError("node exited before READY:\n" + text + read(out.resolveSibling(
                        out.getFileName() + ".stderr")));
            }
            return new CryptoNode(data, p, m.group(2), List.of(m.group(3).split(",")));
        } catch (RuntimeException | Error e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
    }

    /** The node's dialable address with its peer ID. */
    String dialAddress() {
        return addrs.get(0) + "/p2p/" + peer;
    }

    /** Runs a shell command to completion; returns its stdout, failing on a non-zero exit. */
    String shell(String... command) {
        Result r = run(command);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit + "\n" + r.out + r.err);
        }
        return r.out;
    }

    Result run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(root().resolve("nodus").toString(), "shell", "--data",
                data.toString()));
        cmd.addAll(List.of(command));
        try {
            Path out = logs().resolve("cmd-" + SEQUENCE.incrementAndGet() + ".out");
            Path err = out.resolveSibling(out.getFileName() + ".err");
            Process p = new ProcessBuilder(cmd).directory(root().toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                            .toFile())).start();
            if (!p.waitFor(SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + SHELL_DEADLINE);
            }
            return new Result(p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    record Result(int exit, String out, String err) {
    }

    String log() {
        return read(data.resolve("logs").resolve("nodus.log"));
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
        if (process.isAlive()) {
            run("node:stop");
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
