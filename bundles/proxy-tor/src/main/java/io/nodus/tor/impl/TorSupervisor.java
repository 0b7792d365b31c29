package io.nodus.tor.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;

import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;
import io.nodus.tor.impl.control.BootstrapPhase;
import io.nodus.tor.impl.control.ControlAuthenticator;
import io.nodus.tor.impl.control.TorControlConnection;
import io.nodus.tor.impl.control.TorReply;

/**
 * Keeps Tor usable, on one thread: connects to (managed: starts) tor, authenticates, follows bootstrap and circuit
 * status by a periodic check and STATUS_CLIENT events, publishes the onion service once Tor is up, rotates circuits
 * (NEWNYM) on schedule, and when tor goes away reports DOWN and reconnects (managed: restarts it) at every check.
 */
final class TorSupervisor implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(TorSupervisor.class.getName());

    /** Where status changes go. */
    interface StatusSink {
        void status(ProxyStatus.State state, String detail);
    }

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nodus-tor");
        t.setDaemon(true);
        return t;
    });
    private final ManagedTor managed;
    private final OnionServicePublisher onion;
    private final StatusSink sink;
    private final Supplier<List<Multiaddr>> listenAddrs;
    private volatile TorSettings settings;
    private volatile TorControlConnection control;
    private volatile InetSocketAddress socks;
    private volatile String torVersion = "";
    private volatile BootstrapPhase bootstrap = BootstrapPhase.parse("");
    private volatile String onionProblem = "";
    private volatile long lastNewnymNanos = System.nanoTime();
    private volatile int newnymCount;
    private ScheduledFuture<?> periodic;
    private int periodSeconds;

    TorSupervisor(Path dir, BundleContext context, StatusSink sink, Supplier<List<Multiaddr>> listenAddrs) {
        this.managed = new ManagedTor(dir);
        this.onion = new OnionServicePublisher(dir, context);
        this.sink = sink;
        this.listenAddrs = listenAddrs;
    }

    /** Applies new settings: reconnects when the way to tor changed, then checks at once. */
    void configure(TorSettings next) {
        run(() -> {
            TorSettings before = settings;
            settings = next;
            if (next.needsReconnect(before)) {
                disconnect(before == null || before.mode() == TorSettings.Mode.MANAGED);
            }
            if (periodic == null || periodSeconds != next.statusCheckSeconds()) {
                if (periodic != null) {
                    periodic.cancel(false);
                }
                periodSeconds = next.statusCheckSeconds();
                periodic = exec.scheduleWithFixedDelay(this::check, periodSeconds, periodSeconds, TimeUnit.SECONDS);
            }
            check();
        });
    }

    /** Re-checks soon (an event arrived, the host's addresses changed). */
    void poke() {
        run(this::check);
    }

    private void run(Runnable r) {
        try {
            exec.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "tor supervisor stopped");
        }
    }

    private void check() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "tor check failed", e);
        }
    }

    private void checkNow() {
        TorSettings s = settings;
        if (s == null) {
            return;
        }
        if (s.mode() == TorSettings.Mode.OFF) {
            disconnect(true);
            sink.status(ProxyStatus.State.DISABLED, "Tor is off (io.nodus.tor mode=auto without useTor or a control"
                    + " port; set useTor=true, or mode=managed or attach)");
            return;
        }
        TorControlConnection c = control;
        if (c == null || !c.isOpen()) {
            if (c != null) {
                control = null;
                onion.withdraw(null);
            }
            try {
                c = connect(s);
            } catch (IOException e) {
                sink.status(ProxyStatus.State.DOWN, e.getMessage());
                return;
            }
        }
        try {
            Map<String, String> info = c.getInfo("status/bootstrap-phase", "status/circuit-established");
            bootstrap = BootstrapPhase.parse(info.get("status/bootstrap-phase"));
            if (!bootstrap.isDone()) {
                sink.status(ProxyStatus.State.STARTING, "bootstrapping " + bootstrap);
                return;
            }
            if (!"1".equals(info.get("status/circuit-established"))) {
                sink.status(ProxyStatus.State.STARTING, "bootstrapped, no circuit established yet");
                return;
            }
            sink.status(ProxyStatus.State.UP, "Tor " + torVersion + " (" + s.mode().name().toLowerCase() + "),"
                    + " circuits established, SOCKS " + TorSettings.text(socks));
            publishOnion(c, s);
            if (s.newnymMinutes() > 0
                    && System.nanoTime() - lastNewnymNanos >= TimeUnit.MINUTES.toNanos(s.newnymMinutes())) {
                newnym();
            }
        } catch (IOException e) {
            c.close();
            sink.status(ProxyStatus.State.DOWN, "lost tor's control port: " + e.getMessage());
        }
    }

    private TorControlConnection connect(TorSettings s) throws IOException {
        boolean isManaged = s.mode() == TorSettings.Mode.MANAGED;
        InetSocketAddress address = isManaged ? managed.start(s) : resolve(s.control());
        String cookie = isManaged ? managed.cookieFile().toString() : s.cookieFile();
        TorControlConnection c;
        try {
            c = TorControlConnection.open(address, CONNECT_TIMEOUT, this::onEvent, this::poke);
        } catch (IOException e) {
            throw new IOException("cannot reach tor's control port " + TorSettings.text(address) + ": "
                    + e.getMessage(), e);
        }
        try {
            ControlAuthenticator.ProtocolInfo info = ControlAuthenticator.authenticate(c, s.controlPassword(), cookie);
            if (isManaged) {
                c.call("TAKEOWNERSHIP"); // tor exits when this connection closes, i.e. with the node
                c.call("RESETCONF __OwningControllerProcess");
            }
            c.call("SETEVENTS STATUS_CLIENT HS_DESC");
            InetSocketAddress socksAddress = !isManaged && s.socks() != null ? resolve(s.socks()) : socksListener(c);
            torVersion = info.torVersion();
            socks = socksAddress;
            control = c;
            LOG.log(Level.INFO, "connected to tor {0} at {1} ({2}), SOCKS {3}", torVersion, address,
                    s.mode().name().toLowerCase(), socksAddress);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static InetSocketAddress socksListener(TorControlConnection c) throws IOException {
        String listeners = c.getInfo("net/listeners/socks").getOrDefault("net/listeners/socks", "");
        for (String item : ControlAuthenticator.splitArgs(listeners)) {
            String hp = TorReply.unquote(item);
            int colon = hp.lastIndexOf(':');
            if (colon > 0 && !hp.startsWith("unix:")) {
                return resolve(TorSettings.hostPort("socks", hp));
            }
        }
        throw new IOException("tor has no TCP SocksPort (net/listeners/socks is '" + listeners + "')");
    }

    private static InetSocketAddress resolve(InetSocketAddress a) {
        String h = a.getHostString();
        return new InetSocketAddress(h.startsWith("[") ? h.substring(1, h.length() - 1) : h, a.getPort());
    }

    private void onEvent(TorReply event) {
        onion.onEvent(event);
        if (event.firstLine().startsWith("STATUS_CLIENT")) {
            poke();
        }
    }

    private void publishOnion(TorControlConnection c, TorSettings s) {
        if (!s.onionService()) {
            onion.withdraw(c);
            onionProblem = "disabled (onionService=false)";
            return;
        }
        String target = target(listenAddrs.get());
        if (target == null) {
            onionProblem = "waiting for the libp2p host to listen on TCP";
            return;
        }
        try {
            onion.publish(c, s.onionPort(), target);
            onionProblem = "";
        } catch (IOException | UncheckedIOException e) {
            onionProblem = "ADD_ONION failed: " + e.getMessage();
            LOG.log(Level.WARNING, "onion service not published: {0}", e.getMessage());
        }
    }

    /** {@code ip:port} of the host's first loopback TCP listener (else its first IP TCP listener). */
    static String target(List<Multiaddr> addrs) {
        String any = null;
        for (Multiaddr a : addrs) {
            if (a.host().isEmpty() || a.port().isEmpty()) {
                continue;
            }
            String proto = a.components().get(0).protocol();
            if (!proto.equals("ip4") && !proto.equals("ip6")) {
                continue;
            }
            String hp = (proto.equals("ip6") ? "[" + a.host().get() + "]" : a.host().get()) + ":" + a.port().get();
            if (a.isLoopback()) {
                return hp;
            }
            if (any == null) {
                any = hp;
            }
        }
        return any;
    }

    private void disconnect(boolean stopManaged) {
        TorControlConnection c = control;
        control = null;
        onion.withdraw(c);
        if (c != null) {
            c.close();
        }
        if (stopManaged) {
            managed.close();
        }
    }

    // ---- for commands (any thread) ----

    /** SIGNAL NEWNYM: new circuits for new connections (tor rate-limits it to one per ~10 s). */
    String newnym() throws IOException {
        TorControlConnection c = requireControl();
        c.call("SIGNAL NEWNYM");
        lastNewnymNanos = System.nanoTime();
        newnymCount++;
        return "NEWNYM sent (" + newnymCount + " so far): new connections use new circuits";
    }

    String circuits() throws IOException {
        return requireControl().getInfo("circuit-status").getOrDefault("circuit-status", "");
    }

    private TorControlConnection requireControl() throws IOException {
        TorControlConnection c = control;
        if (c == null || !c.isOpen()) {
            throw new IOException("not connected to tor's control port");
        }
        return c;
    }

    Optional<InetSocketAddress> socks() {
        TorControlConnection c = control;
        return c != null && c.isOpen() ? Optional.ofNullable(socks) : Optional.empty();
    }

    TorSettings settings() {
        return settings;
    }

    BootstrapPhase bootstrap() {
        return bootstrap;
    }

    String torVersion() {
        return torVersion;
    }

    boolean controlConnected() {
        TorControlConnection c = control;
        return c != null && c.isOpen();
    }

    long managedPid() {
        return managed.pid();
    }

    int newnymCount() {
        return newnymCount;
    }

    OnionServicePublisher onion() {
        return onion;
    }

    String onionProblem() {
        return onionProblem;
    }

    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect(true);
    }
}
