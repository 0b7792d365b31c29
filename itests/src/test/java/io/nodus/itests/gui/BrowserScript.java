package io.nodus.itests.gui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code itests/gui-e2e/e2e.mjs} (headless Debian Chromium through playwright-core) to completion. The script
 * reports each check on a line; a line {@code E2E-WAIT <what>} asks the caller to do something (e.g. restart a node)
 * and the script goes on when it gets a line on its stdin.
 */
final class BrowserScript {

    static final Path DIR = GuiNode.root().resolve("itests").resolve("gui-e2e");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What the script printed and how it ended. */
    record Result(int exit, List<String> lines) {
        List<String> failures() {
            return lines.stream().filter(l -> l.startsWith("E2E-CHECK FAIL")).toList();
        }

        List<String> checks() {
            return lines.stream().filter(l -> l.startsWith("E2E-CHECK")).toList();
        }

        String summary() {
            return lines.stream().filter(l -> l.startsWith("gui-e2e:")).findFirst().orElse("(no summary line)");
        }
    }

    private BrowserScript() {
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isRegularFile(DIR.resolve("node_modules/playwright-core/package.json"));
    }

    /**
     * @param onWait called with the text after {@code E2E-WAIT} on the reading thread; the script continues when it
     *               returns
     */
    static Result run(Map<String, String> args, Duration deadline, Consumer<String> onWait, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "e2e.mjs"));
        args.forEach((k, v) -> {
            cmd.add("--" + k);
            cmd.add(v);
        });
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream in = p.getOutputStream()) {
                for (String line; (line = r.readLine()) != null;) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("E2E-WAIT ")) {
                        try {
                            onWait.accept(line.substring("E2E-WAIT ".length()));
                        } catch (RuntimeException | AssertionError e) {
                            synchronized (lines) {
                                lines.add("E2E-CHECK FAIL caller could not do '" + line + "': " + e.getMessage());
                            }
                        }
                        in.write("go\n".getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.add("(reading the script failed: " + e + ")");
                }
            }
        }, "gui-e2e-script");
        reader.setDaemon(true);
        reader.start();
        boolean ended = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        List<String> copy;
        synchronized (lines) {
            copy = List.copyOf(lines);
        }
        Files.createDirectories(log.getParent());
        Files.write(log, copy, StandardCharsets.UTF_8);
        return new Result(ended ? p.exitValue() : -1, copy);
    }
}
