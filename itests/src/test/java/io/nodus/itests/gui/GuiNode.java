package io.nodus.itests.gui;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ./nodus start} process for the GUI tests (the process package's NodeProcess is package-private): starts
 * on loopback without mDNS, waits for the READY line (and, for the gui profile, the {@code NODUS GUI} URL line), runs
 * {@code ./nodus shell}, and is always ended on close, the java child included.
 */
final class GuiNode implements AutoCloseable {

    static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    static final Duration SHELL_DEADLINE = Duration.ofSeconds(60);
    static final Duration KILL_DEADLINE = Duration.ofSeconds(20);
    static final Pattern READY = Pattern.compile("^NODUS READY profile=(\\S+) peer=(\\S*) addrs=(\\S*)$");
    static final Pattern GUI = Pattern.compile("^NODUS GUI (http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]{64}))$");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String profile;
    final Path dataDir;
    final String peer;
    /** The first loopback IPv4 listen address with {@code /p2p/<peer>}. */
    final String addr;
    /** The URL the node printed, or null for a profile without the GUI. */
    final String url;
    private final Process process;
    private final Path stdout;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Set<ProcessHandle> family = Collections.synchronizedSet(new LinkedHashSet<>());

    private GuiNode(String profile, Path dataDir, Map<String, String> env, List<String> args) throws IOException {
        this.profile = profile;
        this.dataDir = dataDir;
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "start", "--profile", profile, "--data",
                dataDir.toString(), "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns"));
        cmd.addAll(args);
        Path logs = Files.createDirectories(logDir());
        String base = "gui-" + profile + "-" + SEQUENCE.incrementAndGet();
        Path err = logs.resolve(base + ".stderr");
        stdout = logs.resolve(base + ".stdout");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        process = pb.start();
        family.add(process.toHandle());
        CompletableFuture<String> ready = new CompletableFuture<>();
        CompletableFuture<String> gui = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer copy = Files.newBufferedWriter(stdout, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                    copy.write(line + "\n");
                    copy.flush();
                    if (line.startsWith("NODUS READY")) {
                        ready.complete(line);
                    } else if (line.startsWith("NODUS GUI")) {
                        gui.complete(line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("node ended without READY, see " + err));
            gui.completeExceptionally(new IllegalStateException("node ended without a NODUS GUI line, see " + err));
        }, base + "-stdout");
        pump.setDaemon(true);
        pump.start();
        try {
            Matcher m = READY.matcher(ready.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            if (!m.matches()) {
                throw new IllegalStateException("malformed READY line");
            }
            peer = m.group(2);
            addr = List.of(m.group(3).split(",")).stream().filter(a -> a.startsWith("/ip4/127.0.0.1/")).findFirst()
                    .orElseThrow() + "/p2p/" + peer;
            if (profile.equals("gui")) {
                String line = gui.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                Matcher g = GUI.matcher(line);
                if (!g.matches()) {
                    throw new IllegalStateException("malformed GUI line: " + line);
                }
                url = g.group(1);
            } else {
                url = null;
            }
            family.addAll(process.descendants().toList());
        } catch (Exception e) {
            close();
            throw new AssertionError(profile + " node did not come up: " + e + "\n" + tail(err), e);
        }
    }

    static GuiNode start(String profile, Path dataDir, String... args) throws IOException {
        return new GuiNode(profile, dataDir, Map.of(), List.of(args));
    }

    static GuiNode start(String profile, Path dataDir, Map<String, String> env, String... args) throws IOException {
        return new GuiNode(profile, dataDir, env, List.of(args));
    }

    String token() {
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    String origin() {
        return url.substring(0, url.indexOf("/?token="));
    }

    List<String> stdoutLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** {@code ./nodus shell --data DIR command...}: what it printed on stdout. */
    String shell(String... command) {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "shell", "--data", dataDir.toString()));
        cmd.addAll(List.of(command));
        try {
            Path out = Files.createTempFile(Files.createDirectories(logDir()), "gui-shell-", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().put("NODUS_JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(SHELL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + SHELL_DEADLINE);
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** SIGTERM, then SIGKILL for whatever of the process tree is left; waits until all of it is gone. */
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
        List<ProcessHandle> left = family.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : left) {
            h.onExit().orTimeout(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> h).join();
        }
    }

    static String tail(Path file) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable)";
        }
    }

    static Path root() {
        return Path.of(System.getProperty("nodus.root", "..")).toAbsolutePath().normalize();
    }

    static Path script() {
        return root().resolve("nodus");
    }

    static Path logDir() {
        return root().resolve("itests").resolve("target").resolve("process-tests");
    }
}
