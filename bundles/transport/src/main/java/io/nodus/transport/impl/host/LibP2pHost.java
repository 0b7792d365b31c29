package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.transport.AddressSource;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.identify.IdentifyProtocol;
import io.nodus.transport.impl.ping.PingProtocol;

/**
 * The libp2p host as a DS component: TCP listen and dial, connection upgrade (multistream-select, Noise, Yamux),
 * protocol handlers from the {@link ProtocolHandler} whiteboard plus the built-in identify, identify push and
 * ping, a peerstore, connection limits, bootstrap peers and mDNS discovery.
 */
@Component(service = Host.class, configurationPid = HostConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HostConfig.class)
public final class LibP2pHost implements Host {

    private static final System.Logger LOG = System.getLogger(LibP2pHost.class.getName());

    private final NodeIdentity identity;
    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final HostTraffic traffic = new HostTraffic();
    private final Peerstore peerstore = new Peerstore();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final PingProtocol ping = new PingProtocol();
    private final Object[] pingLocks = newLocks(64);
    private final IdentifyProtocol identify;
    private final List<AddressSource> addressSources = new CopyOnWriteArrayList<>();
    private final PeerDialer dialer;
    private volatile OutboundRouter router;
    private volatile HostNetwork network;

    @Activate
    public LibP2pHost(@Reference NodeIdentity identity) {
        this.identity = identity;
        this.dialer = new PeerDialer(identity.peerId(), peerstore, () -> router);
        this.identify = new IdentifyProtocol(new IdentifyProtocol.LocalPeer() {
            @Override
            public byte[] publicKeyProtobuf() {
                return identity.publicKeyProtobuf();
            }

            @Override
            public String agentVersion() {
                HostNetwork n = network;
                return n == null ? AgentVersion.DEFAULT : n.agentVersion();
            }

            @Override
            public List<Multiaddr> listenAddrs() {
                return announcedAddrs();
            }

            @Override
            public Set<String> protocols() {
                return registry.protocols();
            }
        });
        registry.addBuiltIn(IdentifyProtocol.ID, identify.responder());
        registry.addBuiltIn(IdentifyProtocol.PUSH_ID, identify.pushReceiver(this::applyIdentify));
        registry.addBuiltIn(PingProtocol.ID, ping);
        registry.onChange(this::pushSoon);
    }

    private BundleContext context;

    @Activate
    void activateComponent(BundleContext context, HostConfig config, Map<String, Object> properties) throws IOException {
        this.context = context;
        activate(LauncherDefaults.apply(config, properties, context));
    }

    @Modified
    void modifiedComponent(HostConfig config, Map<String, Object> properties) throws IOException {
        modified(LauncherDefaults.apply(config, properties, context));
    }

    /** Starts the network with this configuration (what activation does; tests call it directly). */
    public void activate(HostConfig config) throws IOException {
        HostNetwork n = new HostNetwork(this, config);
        network = n;
        try {
            n.start();
        } catch (IOException | RuntimeException e) {
            network = null;
            n.close();
            throw e;
        }
    }

    /** Applies a changed configuration live. */
    public void modified(HostConfig config) throws IOException {
        HostNetwork n = network;
        if (n != null) {
            n.reconfigure(config);
        }
    }

    @Deactivate
    public void deactivate() {
        HostNetwork n = network;
        network = null;
        if (n != null) {
            n.close();
        }
    }

    // ---- whiteboards ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProtocolHandler",
            updated = "updatedProtocolHandler")
    public void addProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        try {
            registry.add(handler, properties);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring protocol handler {0}: {1}", handler, e.getMessage());
        }
    }

    public void updatedProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        registry.update(handler, properties);
    }

    public void removeProtocolHandler(ProtocolHandler handler) {
        registry.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeConnectionListener")
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** The routing policy for outbound connections (proxy bundle); without one we dial directly. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetOutboundRouter")
    public void setOutboundRouter(OutboundRouter router) {
        this.router = router;
    }

    public void unsetOutboundRouter(OutboundRouter router) {
        if (this.router == router) {
            this.router = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeAddressSource",
            updated = "updatedAddressSource")
    public void addAddressSource(AddressSource source) {
        addressSources.add(source);
        pushSoon();
    }

    public void updatedAddressSource(AddressSource source) {
        pushSoon();
    }

    public void removeAddressSource(AddressSource source) {
        addressSources.remove(source);
        pushSoon();
    }

    // ---- Host ----

    @Override
    public PeerId peerId() {
        return identity.peerId();
    }

    /** Bound addresses, then those of the {@link AddressSource} whiteboard (e.g. our onion service). */
    @Override
    public List<Multiaddr> listenAddrs() {
        HostNetwork n = network;
        if (n == null) {
            return List.of();
        }
        List<Multiaddr> out = new ArrayList<>(n.listenAddrs());
        addSourceAddrs(out);
        return out;
    }

    /**
     * What identify and mDNS tell peers: the configured {@link HostConfig#announceAddrs()} or else the bound
     * addresses, then the {@link AddressSource} addresses; with {@link HostConfig#announceOnlyAddressSources()}
     * only the latter.
     */
    public List<Multiaddr> announcedAddrs() {
        HostNetwork n = network;
        if (n == null) {
            return List.of();
        }
        List<Multiaddr> out = new ArrayList<>();
        if (!n.announceOnlyAddressSources()) {
            List<Multiaddr> configured = n.announceAddrs();
            out.addAll(configured.isEmpty() ? n.listenAddrs() : configured);
        }
        addSourceAddrs(out);
        return out;
    }

    private void addSourceAddrs(List<Multiaddr> out) {
        for (AddressSource source : addressSources) {
            try {
                for (Multiaddr a : source.addresses()) {
                    Multiaddr plain = a.withoutPeerId();
                    if (!out.contains(plain)) {
                        out.add(plain);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "address source {0} failed: {1}", source, e.toString());
            }
        }
    }

    @Override
    public PeerId connect(Multiaddr address) throws IOException {
        return dialer.connect(running(), address);
    }

    @Override
    public void disconnect(PeerId peer) {
        HostNetwork n = network;
        if (n != null) {
            n.pool().all(peer).forEach(Connection::close);
        }
    }

    @Override
    public P2PStream newStream(PeerId peer, String... protocols) throws IOException {
        if (protocols.length == 0) {
            throw new IllegalArgumentException("newStream needs at least one protocol id");
        }
        HostNetwork n = running();
        return n.dispatcher().open(dialer.connectionTo(n, peer), Arrays.asList(protocols));
    }

    /** ping spec: at most one outbound ping stream per peer, so concurrent pings to a peer take turns. */
    @Override
    public Duration ping(PeerId peer) throws IOException {
        synchronized (pingLocks[Math.floorMod(peer.hashCode(), pingLocks.length)]) {
            try (P2PStream s = newStream(peer, PingProtocol.ID)) {
                Duration rtt = ping.ping(s);
                s.closeWrite();
                return rtt;
            }
        }
    }

    @Override
    public List<PeerConnection> connections() {
        HostNetwork n = network;
        if (n == null) {
            return List.of();
        }
        List<PeerConnection> out = new ArrayList<>();
        for (Connection c : n.pool().all()) {
            out.add(c.snapshot());
        }
        return out;
    }

    @Override
    public Set<String> protocols() {
        return registry.protocols();
    }

    @Override
    public List<Multiaddr> knownAddrs(PeerId peer) {
        return peerstore.addrs(peer);
    }

    // ---- internal ----

    public Peerstore peerstore() {
        return peerstore;
    }

    /** Inbound connections accepted but not yet upgraded (diagnostics). */
    public int pendingUpgrades() {
        HostNetwork n = network;
        return n == null ? 0 : n.transport().pendingInbound();
    }

    /** Bytes on the wire and streams per protocol, for metrics. */
    public HostTraffic traffic() {
        return traffic;
    }

    ProtocolRegistry registry() {
        return registry;
    }

    IdentifyProtocol identify() {
        return identify;
    }

    NodeIdentity identity() {
        return identity;
    }

    List<ConnectionListener> listeners() {
        return listeners;
    }

    void applyIdentify(IdentifyProtocol.Result r) {
        peerstore.applyIdentify(r.peer(), r.listenAddrs(), r.protocols(), r.agentVersion(), r.protocolVersion(),
                r.publicKey());
    }

    private void pushSoon() {
        HostNetwork n = network;
        if (n != null) {
            n.schedulePush();
        }
    }

    private HostNetwork running() throws IOException {
        HostNetwork n = network;
        if (n == null) {
            throw new IOException("the libp2p host is not running");
        }
        return n;
    }

    private static Object[] newLocks(int n) {
        Object[] locks = new Object[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new Object();
        }
        return locks;
    }
}
