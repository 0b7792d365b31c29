package io.nodus.tor.impl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A tor daemon Nodus runs itself (managed mode): a torrc written into {@code <data>/tor/} (SOCKS and control ports
 * picked by tor on 127.0.0.1, cookie authentication, the optional fragment appended), the process started as a
 * child, and stopped with it. Tor also watches our process ({@code __OwningControllerProcess}) and, once the
 * controller took ownership, its control connection, so it never outlives the node.
 */
final class ManagedTor implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    static final int ERROR_LINES = 5;

    private static final System.Logger LOG = System.getLogger(ManagedTor.class.getName());

    private final Path dir;
    private Process process;

    /** @param dir {@code <data>/tor} */
    ManagedTor(Path dir) {
        this.dir = dir;
    }

    Path torrc() {
        return dir.resolve("torrc");
    }

    Path cookieFile() {
        return dir.resolve("control_auth_cookie");
    }

    private Path controlPortFile() {
        return dir.resolve("control-port");
    }

    private Path output() {
        return dir.resolve("tor.out");
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Starts tor unless it runs, and waits until it has written its control port.
     *
     * @return the control port address
     * @throws IOException saying why tor did not start (binary missing, bad torrc: tor's last lines)
     */
    synchronized InetSocketAddress start(TorSettings s) throws IOException {
        if (isRunning()) {
            InetSocketAddress a = readControlPort();
            if (a != null) {
                return a;
            }
            stopProcess();
        }
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        Files.deleteIfExists(controlPortFile());
        Files.writeString(torrc(), torrcText(s), StandardCharsets.UTF_8);
        List<String> cmd = List.of(s.binary(), "--defaults-torrc", "/dev/null", "-f", torrc().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run the tor binary '" + s.binary() + "' (install tor with ./nodus setup,"
                    + " or set binary in io.nodus.tor): " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "started tor (pid {0}) with {1}", process.pid(), torrc());
        long deadline = System.nanoTime() + Duration.ofSeconds(s.startTimeoutSeconds()).toNanos();
        while (true) {
            InetSocketAddress a = readControlPort();
            if (a != null) {
                return a;
            }
            if (!process.isAlive()) {
                int code = process.exitValue();
                process = null;
                throw new IOException("tor exited with code " + code + ": " + lastLines());
            }
            if (System.nanoTime() - deadline > 0) {
                stopProcess();
                throw new IOException("tor did not open its control port within " + s.startTimeoutSeconds()
                        + " s: " + lastLines());
            }
            if (Thread.currentThread().isInterrupted()) {
                stopProcess();
                throw new java.io.InterruptedIOException("stopped while tor was starting");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    String torrcText(TorSettings s) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by Nodus (io.nodus.proxy-tor) at each start of its managed tor; edit io.nodus.tor.cfg",
                "DataDirectory " + dir.resolve("data"),
                "SocksPort 127.0.0.1:auto",
                "ControlPort 127.0.0.1:auto",
                "ControlPortWriteToFile " + controlPortFile(),
                "CookieAuthentication 1",
                "CookieAuthFile " + cookieFile(),
                "__OwningControllerProcess " + ProcessHandle.current().pid(),
                "Log notice file " + dir.resolve("notice.log"),
                "ClientOnly 1"));
        if (!s.torrcFragment().isEmpty()) {
            Path fragment = Path.of(s.torrcFragment());
            lines.add("# from " + fragment);
            try {
                lines.addAll(Files.readAllLines(fragment, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException("cannot read torrcFragment " + fragment + ": " + e.getMessage(), e);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code PORT=127.0.0.1:NNNN} as tor writes it, or null while the file is not (completely) there. */
    private InetSocketAddress readControlPort() throws IOException {
        Path f = controlPortFile();
        if (!Files.exists(f)) {
            return null;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.startsWith("PORT=")) {
                String hp = line.substring(5).trim();
                int colon = hp.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private String lastLines() {
        try {
            List<String> all = Files.readAllLines(output(), StandardCharsets.UTF_8);
            return String.join(" / ", all.subList(Math.max(0, all.size() - ERROR_LINES), all.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private synchronized void stopProcess() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "stopped tor (pid {0})", p.pid());
    }

    private static void restrict(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.DEBUG, "cannot restrict {0}: {1}", p, e.getMessage());
        }
    }

    @Override
    public void close() {
        stopProcess();
    }
}
