package io.nodus.gui.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which port the web UI listens on. A configured port is used as it is. Otherwise the port of the last run (kept in
 * {@code <data>/gui.port}) when it is still free, so that pages left open reconnect after a restart; else a free
 * port the system picks, which is then remembered.
 */
final class PortChoice {

    static final String FILE = "gui.port";

    private PortChoice() {
    }

    /**
     * @param configured the configured port, 0 for "pick and remember"
     * @param current    the port the UI runs on now (0: none), kept when the bind address is unchanged
     */
    static int choose(String bindAddress, int configured, Path dataDir, int current) throws IOException {
        if (configured > 0) {
            return configured;
        }
        if (current > 0) {
            return current;
        }
        InetAddress bind = InetAddress.getByName(stripBrackets(bindAddress));
        int remembered = remembered(dataDir);
        if (remembered > 0 && isFree(bind, remembered)) {
            return remembered;
        }
        int fresh;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(bind, 0), 1);
            fresh = s.getLocalPort();
        }
        remember(dataDir, fresh);
        return fresh;
    }

    static int remembered(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            int p = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return p > 0 && p <= 65535 ? p : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void remember(Path dataDir, int port) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve("." + FILE + ".tmp");
        Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isFree(InetAddress bind, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bind, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
