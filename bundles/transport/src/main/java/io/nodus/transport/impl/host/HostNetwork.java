package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.transport.impl.identify.IdentifyProtocol;
import io.nodus.transport.impl.mdns.MdnsDiscovery;
import io.nodus.transport.impl.noise.LocalIdentity;
import io.nodus.transport.impl.noise.NoiseConfig;
import io.nodus.transport.impl.noise.SignatureVerifier;
import io.nodus.transport.impl.yamux.YamuxConfig;

/**
 * The running part of a {@link LibP2pHost}, from activation to deactivation: threads, TCP transport, connection
 * pool, bootstrap dialer, mDNS, and what happens when a connection comes and goes (identify, listeners).
 */
final class HostNetwork implements AutoCloseable, UpgradeContext.Sink {

    /** Inbound streams (and their handlers) run on at most this many threads; more streams are reset. */
    static final int MAX_STREAM_WORKERS = 512;
    static final Duration IDENTIFY_TIMEOUT = Duration.ofSeconds(10);
    static final long PRUNE_INTERVAL_MS = 5_000;
    static final long PUSH_DELAY_MS = 100;
    /** A peer found by mDNS again is not redialed sooner than this after a failed attempt. */
    static final long MDNS_REDIAL_MS = 30_000;

    /** The yamux defaults (frames up to the largest receive window, as js-yamux needs). */
    static final YamuxConfig YAMUX = YamuxConfig.defaults();

    private static final System.Logger LOG = System.getLogger(HostNetwork.class.getName());

    private final LibP2pHost host;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final ConnectionPool pool;
    private final StreamDispatcher dispatcher;
    private final TcpTransport transport;
    private final BootstrapDialer bootstrap;
    private final ListenAddresses listenAddresses;
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    private final Map<PeerId, Long> mdnsAttempts = new ConcurrentHashMap<>();
    private volatile HostConfig config;
    private volatile String agentVersion;
    private volatile List<Multiaddr> announceAddrs;
    private MdnsDiscovery mdns;

    HostNetwork(LibP2pHost host, HostConfig config) {
        this.host = host;
        this.config = config;
        this.agentVersion = AgentVersion.of(config.agentVersion());
        this.announceAddrs = announceAddrs(config);
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, MAX_STREAM_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "nodus-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodus-host-timer");
            t.setDaemon(true);
            return t;
        });
        dispatcher = new StreamDispatcher(host.registry(), timer, host.traffic());
        bootstrap = new BootstrapDialer(timer, workers, host::connect, p -> pool().isConnected(p), host.peerId());
        pool = new ConnectionPool(config.maxConnections(), idleTimeout(config), bootstrap::isBootstrap);
        transport = new TcpTransport(upgradeContext(config), Math.max(2, Runtime.getRuntime().availableProcessors()));
        listenAddresses = new ListenAddresses(transport);
    }

    void start() throws IOException {
        listenAddresses.apply(List.of(config.listen()));
        bootstrap.setTargets(parse(config.bootstrap()));
        timer.scheduleWithFixedDelay(pool::pruneIdle, PRUNE_INTERVAL_MS, PRUNE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        mdns(config.mdnsEnabled());
    }

    /** Applies a changed configuration live: listen addresses, bootstrap peers, limits, mDNS, agent. */
    void reconfigure(HostConfig c) throws IOException {
        HostConfig old = config;
        config = c;
        agentVersion = AgentVersion.of(c.agentVersion());
        List<Multiaddr> oldAnnounce = announceAddrs;
        announceAddrs = announceAddrs(c);
        transport.context(upgradeContext(c));
        pool.limits(c.maxConnections(), idleTimeout(c));
        boolean addrsChanged = listenAddresses.apply(List.of(c.listen()));
        bootstrap.setTargets(parse(c.bootstrap()));
        if (!Arrays.equals(old.mdnsInterfaces(), c.mdnsInterfaces())) {
            mdns(false);
        }
        mdns(c.mdnsEnabled());
        if (addrsChanged || !agentVersion.equals(AgentVersion.of(old.agentVersion()))
                || !announceAddrs.equals(oldAnnounce)
                || old.announceOnlyAddressSources() != c.announceOnlyAddressSources()) {
            schedulePush();
        }
    }

    @Override
    public void close() {
        bootstrap.close();
        mdns(false);
        timer.shutdownNow();
        transport.close();
        workers.shutdownNow();
    }

    ConnectionPool pool() {
        return pool;
    }

    TcpTransport transport() {
        return transport;
    }

    StreamDispatcher dispatcher() {
        return dispatcher;
    }

    String agentVersion() {
        return agentVersion;
    }

    Duration dialTimeout() {
        return Duration.ofSeconds(Math.max(1, config.dialTimeoutSeconds()));
    }

    List<Multiaddr> listenAddrs() {
        return listenAddresses.dialable();
    }

    /** The configured {@link HostConfig#announceAddrs()} (without {@code /p2p/}); empty: announce the bound ones. */
    List<Multiaddr> announceAddrs() {
        return announceAddrs;
    }

    boolean announceOnlyAddressSources() {
        return config.announceOnlyAddressSources();
    }

    // ---- connection lifecycle ----

    /** On the event loop: register the connection and start identify on a worker. */
    @Override
    public boolean upgraded(Connection c) {
        if (!pool.add(c)) {
            LOG.log(Level.INFO, "refusing {0}: {1} connections and none idle", c, config.maxConnections());
            return false;
        }
        c.channel().closeFuture().addListener(f -> closed(c));
        try {
            workers.execute(() -> identifyAndAnnounce(c));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "no worker for {0}: closing it", c);
            c.close();
        }
        return true;
    }

    private void identifyAndAnnounce(Connection c) {
        if (c.outbound()) {
            host.peerstore().addAddrs(c.peer(), List.of(c.remoteAddr()));
        }
        try (P2PStream s = dispatcher.open(c, List.of(IdentifyProtocol.ID))) {
            host.applyIdentify(host.identify().request(s));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "identify with {0} failed: {1}", c.peer(), e.getMessage());
        }
        if (c.markAnnounced()) {
            LOG.log(Level.DEBUG, "connected: {0}", c);
            for (ConnectionListener l : host.listeners()) {
                try {
                    l.connected(c.snapshot());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "connection listener " + l + " failed", e);
                }
            }
        }
    }

    private void closed(Connection c) {
        pool.remove(c);
        boolean tell = c.markClosed() && !pool.hasAnnounced(c.peer());
        PeerId peer = c.peer();
        LOG.log(Level.DEBUG, "closed: {0}", c);
        if (!pool.isConnected(peer)) {
            bootstrap.disconnected(peer);
        }
        if (tell) {
            Runnable notify = () -> {
                for (ConnectionListener l : host.listeners()) {
                    try {
                        l.disconnected(peer);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "connection listener " + l + " failed", e);
                    }
                }
            };
            try {
                workers.execute(notify);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    // ---- identify push ----

    /** Pushes our identify message to every connected peer shortly (changes in a burst coalesce). */
    void schedulePush() {
        if (pushScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::pushAll, PUSH_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                pushScheduled.set(false);
            }
        }
    }

    private void pushAll() {
        pushScheduled.set(false);
        Map<PeerId, Connection> one = new LinkedHashMap<>();
        for (Connection c : pool.all()) {
            one.putIfAbsent(c.peer(), c);
        }
        for (Connection c : one.values()) {
            if (!host.peerstore().protocols(c.peer()).contains(IdentifyProtocol.PUSH_ID)) {
                continue;
            }
            try {
                workers.execute(() -> {
                    try (P2PStream s = dispatcher.open(c, List.of(IdentifyProtocol.PUSH_ID))) {
                        host.identify().push(s);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.DEBUG, "identify push to {0} failed: {1}", c.peer(), e.getMessage());
                    }
                });
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    // ---- mDNS ----

    private synchronized void mdns(boolean enabled) {
        if (enabled && mdns == null) {
            MdnsDiscovery d = new MdnsDiscovery(host.peerId(), host::announcedAddrs, this::discovered, timer,
                    List.of(config.mdnsInterfaces()));
            try {
                d.start();
                mdns = d;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "mDNS discovery unavailable: {0}", e.getMessage());
                d.close();
            }
        } else if (!enabled && mdns != null) {
            mdns.close();
            mdns = null;
        }
    }

    private void discovered(PeerId peer, List<Multiaddr> addrs) {
        host.peerstore().addAddrs(peer, addrs);
        long now = System.currentTimeMillis();
        Long last = mdnsAttempts.get(peer);
        // Both sides hear each other: only the side with the smaller peer ID dials, so a pair gets one connection.
        boolean weDial = Arrays.compareUnsigned(host.peerId().toBytes(), peer.toBytes()) < 0;
        if (!weDial || pool.isConnected(peer) || (last != null && now - last < MDNS_REDIAL_MS)
                || pool.size() >= config.maxConnections()) {
            return;
        }
        mdnsAttempts.put(peer, now);
        if (mdnsAttempts.size() > Peerstore.MAX_PEERS) {
            mdnsAttempts.clear();
        }
        try {
            workers.execute(() -> {
                for (Multiaddr a : addrs) {
                    try {
                        host.connect(TcpEndpoint.withPeer(a, peer));
                        LOG.log(Level.INFO, "connected to {0} found by mDNS", peer);
                        return;
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.DEBUG, "mDNS peer {0} at {1}: {2}", peer, a, e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // busy: the next answer retries
        }
    }

    // ---- helpers ----

    private UpgradeContext upgradeContext(HostConfig c) {
        Duration handshake = Duration.ofSeconds(Math.max(1, c.handshakeTimeoutSeconds()));
        NoiseConfig noise = new NoiseConfig(LocalIdentity.of(host.identity()), SignatureVerifier.of(host.identity()),
                ConnectionUpgrader.MUXERS, handshake, new SecureRandom());
        return new UpgradeContext(host.peerId(), noise, YAMUX, workers, dispatcher::serve, this, handshake,
                host.traffic());
    }

    private static Duration idleTimeout(HostConfig c) {
        return Duration.ofSeconds(Math.max(0, c.idleTimeoutSeconds()));
    }

    private static List<Multiaddr> announceAddrs(HostConfig c) {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr a : parse(c.announceAddrs())) {
            if (!out.contains(a.withoutPeerId())) {
                out.add(a.withoutPeerId());
            }
        }
        return List.copyOf(out);
    }

    private static List<Multiaddr> parse(String[] addrs) {
        List<Multiaddr> out = new ArrayList<>();
        for (String a : addrs) {
            if (a == null || a.isBlank()) {
                continue;
            }
            try {
                out.add(Multiaddr.parse(a.trim()));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "ignoring bad multiaddr {0}: {1}", a, e.getMessage());
            }
        }
        return out;
    }
}
