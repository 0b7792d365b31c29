package io.nodus.itests.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nodus.itests.node.NodeProcess;

/**
 * A node for the GUI tests: a {@link NodeProcess} (loopback, no mDNS) plus, for the gui profile, the URL of its
 * {@code NODUS GUI} line.
 */
final class GuiNode implements AutoCloseable {

    static final Pattern GUI = Pattern.compile("^NODUS GUI (http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]{64}))$");

    final String profile;
    final Path dataDir;
    final String peer;
    /** The first loopback IPv4 listen address with {@code /p2p/<peer>}. */
    final String addr;
    /** The URL the node printed, or null for a profile without the GUI. */
    final String url;
    private final NodeProcess node;

    private GuiNode(NodeProcess node) {
        this.node = node;
        this.profile = node.profile();
        this.dataDir = node.dataDir();
        this.peer = node.peer();
        try {
            this.addr = node.addrs().stream().filter(a -> a.startsWith("/ip4/127.0.0.1/")).findFirst()
                    .orElseThrow(() -> new AssertionError("no loopback address: " + node.awaitReady())) + "/p2p/" + peer;
            if (profile.equals("gui")) {
                String line = node.awaitLine("NODUS GUI", NodeProcess.READY_DEADLINE);
                Matcher g = GUI.matcher(line);
                if (!g.matches()) {
                    throw new AssertionError("malformed GUI line: " + line);
                }
                url = g.group(1);
            } else {
                url = null;
            }
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    static GuiNode start(String profile, Path dataDir, String... args) throws IOException {
        return start(profile, dataDir, Map.of(), args);
    }

    static GuiNode start(String profile, Path dataDir, Map<String, String> env, String... args) throws IOException {
        return new GuiNode(NodeProcess.start(profile, dataDir, env, args));
    }

    String token() {
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    String origin() {
        return url.substring(0, url.indexOf("/?token="));
    }

    List<String> stdoutLines() {
        return node.stdoutLines();
    }

    /** {@code ./nodus shell --data DIR command...}: what it printed (stdout, then stderr). */
    String shell(String... command) {
        NodeProcess.ShellResult r = node.shell(command);
        return r.stdout() + r.stderr();
    }

    @Override
    public void close() {
        node.close();
    }

    static Path root() {
        return NodeProcess.root();
    }

    static Path logDir() {
        return NodeProcess.logDir();
    }
}
