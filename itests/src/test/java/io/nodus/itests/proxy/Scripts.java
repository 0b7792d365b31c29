package io.nodus.itests.proxy;

import io.nodus.itests.node.NodeProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the harness scripts of {@code itests/tornet/} and reads the {@code KEY=value} files they write. */
final class Scripts {

    private Scripts() {
    }

    static Path tornetDir() {
        return NodeProcess.root().resolve("itests").resolve("tornet");
    }

    /** Runs {@code itests/tornet/<script> args...}; fails with its output unless it exits 0 within the deadline. */
    static String run(Duration deadline, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tornetDir().resolve(script).toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createDirectories(NodeProcess.logDir()).resolve(script + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + deadline + ":\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** A file of {@code KEY=value} lines as bash's {@code %q} writes them (values here need no unquoting). */
    static Map<String, String> env(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) {
                continue;
            }
            String v = line.substring(eq + 1);
            if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(line.substring(0, eq), v);
        }
        return out;
    }

    static boolean installed(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary)) || Files.isExecutable(Path.of("/usr/bin", binary));
    }
}
