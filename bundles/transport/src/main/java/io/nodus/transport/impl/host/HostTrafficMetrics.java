package io.nodus.transport.impl.host;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;
import io.nodus.api.transport.Host;
import io.nodus.transport.impl.noise.WireTraffic;

/**
 * The host's traffic as metrics: bytes sent and received on the wire (Noise messages with their length
 * prefixes) in total and per live connection, and streams per protocol. Nothing is written while no
 * {@link LibP2pHost} runs.
 */
@Component(service = MetricsSource.class)
public class HostTrafficMetrics implements MetricsSource {

    private static final String SENT_HELP = "Bytes sent on the wire (Noise messages) since start";
    private static final String RECEIVED_HELP = "Bytes received on the wire (Noise messages) since start";
    private static final String CONN_SENT_HELP = "Bytes sent on the wire over one live connection";
    private static final String CONN_RECEIVED_HELP = "Bytes received on the wire over one live connection";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Host host;

    public HostTrafficMetrics() {
    }

    /** For tests: a source over one host. */
    HostTrafficMetrics(Host host) {
        this.host = host;
    }

    @Override
    public void collect(MetricsWriter w) {
        if (!(host instanceof LibP2pHost h)) {
            return;
        }
        HostTraffic traffic = h.traffic();
        w.counter("nodus_p2p_wire_bytes_sent_total", SENT_HELP, traffic.bytesSent());
        w.counter("nodus_p2p_wire_bytes_received_total", RECEIVED_HELP, traffic.bytesReceived());
        for (Connection c : traffic.connections()) {
            Map<String, String> labels = Map.of("peer", c.peer().toString(), "connection", c.id(), "direction",
                    c.outbound() ? "out" : "in");
            WireTraffic bytes = c.traffic();
            w.counter("nodus_p2p_connection_bytes_sent_total", CONN_SENT_HELP, labels, bytes.bytesSent());
            w.counter("nodus_p2p_connection_bytes_received_total", CONN_RECEIVED_HELP, labels, bytes.bytesReceived());
        }
        for (HostTraffic.ProtocolStreams p : traffic.protocolStreams()) {
            w.counter("nodus_p2p_protocol_streams_opened_total", "Streams negotiated per protocol since start",
                    Map.of("protocol", p.protocol(), "direction", "in"), p.openedInbound());
            w.counter("nodus_p2p_protocol_streams_opened_total", "Streams negotiated per protocol since start",
                    Map.of("protocol", p.protocol(), "direction", "out"), p.openedOutbound());
            w.gauge("nodus_p2p_protocol_streams_open", "Streams open now per protocol",
                    Map.of("protocol", p.protocol()), p.open());
        }
    }
}
