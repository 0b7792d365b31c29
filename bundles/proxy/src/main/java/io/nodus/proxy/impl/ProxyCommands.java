package io.nodus.proxy.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.identity.PeerId;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;

/** Gogo commands of scope {@code proxy}: the routing settings, their live change, and a route test. */
@Component(service = ProxyCommands.class, property = {
    "osgi.command.scope=proxy",
    "osgi.command.function=get",
    "osgi.command.function=set",
    "osgi.command.function=test",
    "osgi.command.function=remoteget",
    "osgi.command.function=remoteset"
})
public final class ProxyCommands {

    /** Stands for "some public address" when {@code proxy:test} is given none (nothing is dialed). */
    static final Multiaddr SAMPLE_TARGET = Multiaddr.parse("/dns4/example.org/tcp/4001");

    private final RoutingPolicy policy;
    private final ProxyConfigStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Host host;

    @Activate
    public ProxyCommands(@Reference RoutingPolicy policy, @Reference ProxyConfigStore store) {
        this.policy = policy;
        this.store = store;
    }

    @Descriptor("show the routing settings, the policy status and every proxy provider's status")
    public String get() {
        StringBuilder sb = new StringBuilder(policy.settings().describe());
        sb.append("\npolicy:              ").append(policy.status().state()).append(" - ")
                .append(policy.status().detail());
        for (Map.Entry<String, ProxyProvider> e : new TreeMap<>(policy.providers()).entrySet()) {
            var st = e.getValue().status();
            sb.append(String.format(Locale.ROOT, "%nprovider %-11s %s%s", e.getKey() + ":", st.state(),
                    st.detail().isEmpty() ? "" : " - " + st.detail()));
        }
        return sb.toString();
    }

    @Descriptor("route every outbound connection through a SOCKS5 proxy, or none")
    public String set(@Descriptor("socks5://[user:pass@]host:port, or none") String url) throws IOException {
        return set(ProxySettings.PROXY, url);
    }

    @Descriptor("change one setting: useTor true|false, allowDirectFallback true|false, proxy URL|none")
    public String set(@Descriptor("useTor, allowDirectFallback or proxy") String key,
            @Descriptor("the new value") String value) throws IOException {
        ProxySettings next = store.update(Map.of(key, value));
        return "saved in " + store.file() + "\n" + next.describe();
    }

    @Descriptor("which route an outbound connection takes now (to a public address), without dialing")
    public String test() {
        ProxyRoute r = policy.route(SAMPLE_TARGET);
        return "route:   " + r + "\npolicy:  " + policy.status().state() + " - " + policy.status().detail();
    }

    @Descriptor("dial a peer and ping it: the route the connection takes and its latency")
    public String test(@Descriptor("multiaddr ending in /p2p/<peer id>") String multiaddr) throws IOException {
        Host h = requireHost();
        Multiaddr target = Multiaddr.parse(multiaddr);
        ProxyRoute r = policy.route(target.withoutPeerId());
        StringBuilder sb = new StringBuilder("route:   ").append(r);
        if (r.isRefused()) {
            throw new IOException("route to " + multiaddr + " refused by " + r.via() + ": " + r.reason());
        }
        boolean existing = target.peerId().isPresent() && h.connections().stream()
                .anyMatch(c -> c.peer().equals(target.peerId().get()));
        long t0 = System.nanoTime();
        PeerId peer = h.connect(target);
        long connectNanos = System.nanoTime() - t0;
        Duration rtt = h.ping(peer);
        String used = h.connections().stream().filter(c -> c.peer().equals(peer)).map(PeerConnection::route)
                .findFirst().orElse("?");
        sb.append("\npeer:    ").append(peer)
                .append("\nconnect: ").append(existing ? "already connected" : ms(connectNanos))
                .append(" (connection route: ").append(used).append(')')
                .append("\nping:    ").append(ms(rtt.toNanos()));
        return sb.toString();
    }

    @Descriptor("GetProxyConfig of a remote node over /nodus/proxy-admin/1.0.0 (we must be its admin)")
    public String remoteget(@Descriptor("peer id (connected or with a known address)") String peer)
            throws IOException {
        return format(ProxyAdminClient.call(requireHost(), PeerId.parse(peer), AdminMessage.of(AdminMessage.OP,
                AdminMessage.GET)));
    }

    @Descriptor("SetProxyConfig of a remote node: its proxy URL or none")
    public String remoteset(@Descriptor("peer id") String peer, @Descriptor("socks5://... or none") String url)
            throws IOException {
        return remoteset(peer, ProxySettings.PROXY, url);
    }

    @Descriptor("SetProxyConfig of a remote node: one of useTor, allowDirectFallback, proxy")
    public String remoteset(@Descriptor("peer id") String peer, @Descriptor("setting") String key,
            @Descriptor("value") String value) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(AdminMessage.OP, AdminMessage.SET);
        fields.put(key, value);
        return format(ProxyAdminClient.call(requireHost(), PeerId.parse(peer), new AdminMessage(fields)));
    }

    private Host requireHost() throws IOException {
        Host h = host;
        if (h == null) {
            throw new IOException("no libp2p host in this node (the transport bundle is not running)");
        }
        return h;
    }

    private static String format(AdminMessage m) {
        StringBuilder sb = new StringBuilder();
        m.fields().forEach((k, v) -> {
            if (!k.equals(AdminMessage.STATUS)) {
                sb.append(sb.length() == 0 ? "" : "\n").append(String.format(Locale.ROOT, "%-20s %s", k + ":", v));
            }
        });
        return sb.toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
