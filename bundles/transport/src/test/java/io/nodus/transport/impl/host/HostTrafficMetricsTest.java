package io.nodus.transport.impl.host;

import static io.nodus.transport.host.HostFixture.ECHO;
import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.node.MetricsWriter;
import io.nodus.api.transport.P2PStream;
import io.nodus.transport.host.HostFixture;

class HostTrafficMetricsTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int PAYLOAD = 300_000;

    private final HostFixture fixture = new HostFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void wireBytesAndProtocolStreamsAreExported() throws Exception {
        LibP2pHost server = fixture.start();
        HostFixture.registerEcho(server);
        LibP2pHost client = fixture.start();
        client.connect(dialable(server));
        Map<String, Double> before = scrape(client);

        byte[] data = new byte[PAYLOAD];
        new Random(7).nextBytes(data);
        try (P2PStream s = client.newStream(server.peerId(), ECHO)) {
            OutputStream out = s.output();
            out.write(data);
            out.flush();
            s.closeWrite();
            byte[] back = new byte[PAYLOAD];
            new DataInputStream(s.input()).readFully(back);
            assertArrayEquals(data, back);
        }

        Map<String, Double> client1 = scrape(client);
        String echoOut = "nodus_p2p_protocol_streams_opened_total{direction=out,protocol=" + ECHO + "}";
        assertEquals(1.0, client1.get(echoOut));
        assertEquals(0.0, client1.get("nodus_p2p_protocol_streams_opened_total{direction=in,protocol=" + ECHO + "}"));
        // both directions carried the payload, plus Noise overhead (tags, prefixes, handshake)
        double sent = client1.get("nodus_p2p_wire_bytes_sent_total") - before.get("nodus_p2p_wire_bytes_sent_total");
        double received = client1.get("nodus_p2p_wire_bytes_received_total")
                - before.get("nodus_p2p_wire_bytes_received_total");
        assertTrue(sent > PAYLOAD && sent < PAYLOAD * 1.01, "sent " + sent);
        assertTrue(received > PAYLOAD && received < PAYLOAD * 1.01, "received " + received);
        String connection = client.traffic().connections().get(0).id();
        String labels = "{connection=" + connection + ",direction=out,peer=" + server.peerId() + "}";
        assertEquals(client1.get("nodus_p2p_wire_bytes_sent_total"),
                client1.get("nodus_p2p_connection_bytes_sent_total" + labels));

        Map<String, Double> server1 = scrape(server);
        assertEquals(1.0, server1.get("nodus_p2p_protocol_streams_opened_total{direction=in,protocol=" + ECHO + "}"));
        // what one side sent the other received, once the wire is quiet
        HostFixture.await(() -> scrape(server).get("nodus_p2p_wire_bytes_received_total")
                .equals(scrape(client).get("nodus_p2p_wire_bytes_sent_total")), LIMIT, "the byte counts to agree");
        HostFixture.await(() -> scrape(server).get("nodus_p2p_protocol_streams_open{protocol=" + ECHO + "}") == 0.0,
                LIMIT, "the echo stream to end on the server");

        client.disconnect(server.peerId());
        HostFixture.await(() -> client.traffic().connections().isEmpty(), LIMIT, "the connection to leave");
        assertTrue(scrape(client).keySet().stream().noneMatch(k -> k.startsWith("nodus_p2p_connection_bytes")));
    }

    /** Every sample as {@code name{label=value,...}} (labels sorted) to its value. */
    private static Map<String, Double> scrape(LibP2pHost host) {
        Map<String, Double> samples = new HashMap<>();
        new HostTrafficMetrics(host).collect(new MetricsWriter() {
            @Override
            public MetricsWriter gauge(String name, String help, double value) {
                return gauge(name, help, Map.of(), value);
            }

            @Override
            public MetricsWriter gauge(String name, String help, Map<String, String> labels, double value) {
                samples.put(key(name, labels), value);
                return this;
            }

            @Override
            public MetricsWriter counter(String name, String help, double value) {
                return counter(name, help, Map.of(), value);
            }

            @Override
            public MetricsWriter counter(String name, String help, Map<String, String> labels, double value) {
                assertTrue(name.endsWith("_total"), name);
                samples.put(key(name, labels), value);
                return this;
            }
        });
        return samples;
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(','));
        b.setCharAt(b.length() - 1, '}');
        return b.toString();
    }
}
