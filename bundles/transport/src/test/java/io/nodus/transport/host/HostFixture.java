package io.nodus.transport.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.testkit.TestIdentity;

/** Starts hosts for a test and stops them all at the end. */
public final class HostFixture implements AutoCloseable {

    public static final String ECHO = "/nodus/echo/1.0.0";

    private final List<LibP2pHost> hosts = new ArrayList<>();

    public LibP2pHost start(Map<String, Object> config) throws IOException {
        LibP2pHost host = new LibP2pHost(new TestIdentity());
        host.activate(TestConfigs.hostConfig(config));
        hosts.add(host);
        return host;
    }

    public LibP2pHost start() throws IOException {
        return start(Map.of());
    }

    /** The host's first listen address with /p2p/. */
    public static Multiaddr dialable(LibP2pHost host) {
        return Multiaddr.parse(host.listenAddrs().get(0) + "/p2p/" + host.peerId());
    }

    /** Echoes every byte until the remote half-closes. */
    public static final ProtocolHandler ECHO_HANDLER = stream -> {
        InputStream in = stream.input();
        OutputStream out = stream.output();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0;) {
            out.write(buf, 0, n);
        }
        out.flush();
    };

    public static void registerEcho(LibP2pHost host) {
        host.addProtocolHandler(ECHO_HANDLER, Map.of(ProtocolHandler.PROTOCOL, ECHO));
    }

    /** Waits for a condition with a deadline; fails with {@code what} when it never holds. */
    public static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20); // polling interval of the condition, not a wait for an event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (LibP2pHost h : hosts) {
            h.deactivate();
        }
        hosts.clear();
    }
}
