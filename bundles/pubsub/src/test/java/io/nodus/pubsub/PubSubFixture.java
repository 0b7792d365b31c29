package io.nodus.pubsub;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.identity.impl.Ed25519NodeIdentity;
import io.nodus.pubsub.impl.network.PubSubNetwork;
import io.nodus.pubsub.impl.network.PubSubSettings;
import io.nodus.transport.impl.host.HostConfig;
import io.nodus.transport.impl.host.LibP2pHost;

/**
 * Real libp2p hosts on 127.0.0.1 with real node identities, each with a {@link PubSubNetwork} wired in as the DS
 * component would wire it; everything started is stopped by {@link #close()}.
 */
public final class PubSubFixture implements AutoCloseable {

    public static final Duration LIMIT = Duration.ofSeconds(30);

    /** One node: host plus pubsub. */
    public record Node(LibP2pHost host, PubSubNetwork pubsub, NodeIdentity identity) {
        public PeerId id() {
            return host.peerId();
        }
    }

    private final Path dir;
    private final List<LibP2pHost> hosts = new ArrayList<>();
    private final List<PubSubNetwork> networks = new ArrayList<>();
    private int identities;

    public PubSubFixture(Path dir) {
        this.dir = dir;
    }

    /** A fresh Ed25519 identity kept under the fixture's directory. */
    public NodeIdentity identity() {
        Path data = dir.resolve("node-" + identities++);
        return new Ed25519NodeIdentity(new NodeInfo() {
            @Override
            public String profile() {
                return "worker";
            }

            @Override
            public Path dataDir() {
                return data;
            }

            @Override
            public String name() {
                return "test";
            }

            @Override
            public Instant startedAt() {
                return Instant.EPOCH;
            }
        });
    }

    /** A host without pubsub. */
    public LibP2pHost bareHost(NodeIdentity identity) throws IOException {
        LibP2pHost host = new LibP2pHost(identity);
        host.activate(hostConfig(Map.of()));
        hosts.add(host);
        return host;
    }

    public Node start(PubSubSettings settings) throws IOException {
        NodeIdentity identity = identity();
        LibP2pHost host = bareHost(identity);
        PubSubNetwork pubsub = new PubSubNetwork(host, identity, settings);
        networks.add(pubsub);
        host.addProtocolHandler(pubsub.protocolHandler(), Map.of(ProtocolHandler.PROTOCOL,
                pubsub.protocols().toArray(String[]::new)));
        host.addConnectionListener(pubsub.connectionListener());
        pubsub.start();
        return new Node(host, pubsub, identity);
    }

    public List<Node> start(int n, PubSubSettings settings) throws IOException {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(start(settings));
        }
        return out;
    }

    public static void connect(Node from, Node to) throws IOException {
        from.host().connect(dialable(to.host()));
    }

    public static Multiaddr dialable(LibP2pHost host) {
        return Multiaddr.parse(host.listenAddrs().get(0) + "/p2p/" + host.peerId());
    }

    /** Waits for a condition with a deadline; fails with {@code what} when it never holds. */
    public static void await(BooleanSupplier condition, Duration limit, String what) {
        await(condition, limit, () -> what);
    }

    /** As above; {@code what} is evaluated on failure, so it can describe the state at the deadline. */
    public static void await(BooleanSupplier condition, Duration limit, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what.get());
            }
            try {
                Thread.sleep(20); // polling interval of the condition, not a wait for an event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public static void await(BooleanSupplier condition, String what) {
        await(condition, LIMIT, what);
    }

    /** Host configuration for tests: loopback IPv4 on a free port, mDNS off. */
    static HostConfig hostConfig(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("listen", new String[] {"/ip4/127.0.0.1/tcp/0"});
        values.put("mdnsEnabled", false);
        values.putAll(overrides);
        return (HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(), new Class<?>[] {HostConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> HostConfig.class;
                    case "toString" -> "HostConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    @Override
    public void close() {
        networks.forEach(PubSubNetwork::close);
        networks.clear();
        hosts.forEach(LibP2pHost::deactivate);
        hosts.clear();
    }
}
