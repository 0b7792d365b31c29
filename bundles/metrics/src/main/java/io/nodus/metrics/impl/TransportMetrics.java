package io.nodus.metrics.impl;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.identity.PeerId;
import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.PeerConnection;

/**
 * The libp2p host: live connections by direction and route, distinct peers, open streams, and (as a
 * {@link ConnectionListener}) connections opened and closed since start. Without a host only the counters show.
 */
@Component(service = {MetricsSource.class, ConnectionListener.class})
public class TransportMetrics implements MetricsSource, ConnectionListener {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Host host;

    private final LongAdder openedIn = new LongAdder();
    private final LongAdder openedOut = new LongAdder();
    private final LongAdder closed = new LongAdder();

    @Override
    public void connected(PeerConnection connection) {
        (connection.outbound() ? openedOut : openedIn).increment();
    }

    @Override
    public void disconnected(PeerId peer) {
        closed.increment();
    }

    @Override
    public void collect(MetricsWriter w) {
        w.counter("nodus_p2p_connections_opened_total", "Connections upgraded since start", Map.of("direction", "in"),
                openedIn.sum());
        w.counter("nodus_p2p_connections_opened_total", "Connections upgraded since start", Map.of("direction", "out"),
                openedOut.sum());
        w.counter("nodus_p2p_disconnects_total", "Peers that lost their last connection since start", closed.sum());
        Host h = host;
        w.gauge("nodus_p2p_host_up", "1 while a libp2p host runs in this node", h == null ? 0 : 1);
        if (h == null) {
            return;
        }
        w.gauge("nodus_p2p_host_info", "The host's peer ID", Map.of("peer", h.peerId().toString()), 1);
        w.gauge("nodus_p2p_listen_addresses", "Addresses the host listens on", h.listenAddrs().size());
        w.gauge("nodus_p2p_protocols", "Protocol ids the host serves", h.protocols().size());

        List<PeerConnection> conns = h.connections();
        Map<List<String>, Integer> byKind = new TreeMap<>((a, b) -> String.join("/", a).compareTo(String.join("/", b)));
        for (String direction : List.of("in", "out")) {
            byKind.put(List.of(direction, direction.equals("in") ? "inbound" : "direct"), 0);
        }
        Set<PeerId> peers = new HashSet<>();
        long streams = 0;
        for (PeerConnection c : conns) {
            byKind.merge(List.of(c.outbound() ? "out" : "in", c.route() == null ? "unknown" : c.route()), 1, Integer::sum);
            peers.add(c.peer());
            streams += c.openStreams();
        }
        for (Map.Entry<List<String>, Integer> e : byKind.entrySet()) {
            w.gauge("nodus_p2p_connections", "Live connections by direction and route (direct, socks5, tor, inbound)",
                    Map.of("direction", e.getKey().get(0), "route", e.getKey().get(1)), e.getValue());
        }
        w.gauge("nodus_p2p_peers", "Distinct peers with a live connection", peers.size());
        w.gauge("nodus_p2p_streams_open", "Streams open over all connections", streams);
    }
}
