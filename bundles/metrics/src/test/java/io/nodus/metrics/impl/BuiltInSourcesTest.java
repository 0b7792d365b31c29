package io.nodus.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingCoordinator;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.ml.TrainingWorker;
import io.nodus.api.ml.WorkerStatus;
import io.nodus.api.node.MetricsSource;
import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;

/** The built-in sources against stand-ins of the services they read, and without them. */
class BuiltInSourcesTest {

    static final PeerId ME = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    static final PeerId A = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    static final PeerId B = PeerId.parse("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");

    static Map<String, ExpositionFormat.Family> scrape(MetricsSource source) {
        PrometheusTextWriter w = new PrometheusTextWriter();
        source.collect(w);
        return ExpositionFormat.parse(w.render());
    }

    @Test
    void transportCountsConnectionsByDirectionAndRoutePeersAndStreams() {
        Instant now = Instant.now();
        Multiaddr addr = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        List<PeerConnection> conns = List.of(
                new PeerConnection(A, addr, true, 3, now, "direct"),
                new PeerConnection(A, addr, false, 1, now, "inbound"),
                new PeerConnection(B, addr, true, 0, now, "tor"));
        Host host = Fakes.of(Host.class, Map.of("connections", (a, p) -> conns, "peerId", (a, p) -> ME,
                "listenAddrs", (a, p) -> List.of(addr), "protocols", (a, p) -> Set.of("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0")));
        TransportMetrics t = new TransportMetrics();
        Fakes.inject(t, "host", host);
        t.connected(conns.get(0));
        t.connected(conns.get(1));
        t.connected(conns.get(2));
        t.disconnected(B);

        Map<String, ExpositionFormat.Family> f = scrape(t);
        assertEquals(1, f.get("nodus_p2p_host_up").value());
        assertEquals(1, f.get("nodus_p2p_host_info").value(Map.of("peer", ME.toString())));
        assertEquals(1, f.get("nodus_p2p_connections").value(Map.of("direction", "out", "route", "direct")));
        assertEquals(1, f.get("nodus_p2p_connections").value(Map.of("direction", "out", "route", "tor")));
        assertEquals(1, f.get("nodus_p2p_connections").value(Map.of("direction", "in", "route", "inbound")));
        assertEquals(2, f.get("nodus_p2p_peers").value());
        assertEquals(4, f.get("nodus_p2p_streams_open").value());
        assertEquals(1, f.get("nodus_p2p_listen_addresses").value());
        assertEquals(2, f.get("nodus_p2p_protocols").value());
        assertEquals(2, f.get("nodus_p2p_connections_opened_total").value(Map.of("direction", "out")));
        assertEquals(1, f.get("nodus_p2p_connections_opened_total").value(Map.of("direction", "in")));
        assertEquals(1, f.get("nodus_p2p_disconnects_total").value());
    }

    @Test
    void withoutAHostTheTransportSourceSaysSo() {
        Map<String, ExpositionFormat.Family> f = scrape(new TransportMetrics());
        assertEquals(0, f.get("nodus_p2p_host_up").value());
        assertFalse(f.containsKey("nodus_p2p_connections"));
    }

    @Test
    void cryptoSessionsAddUpByMode() {
        Instant now = Instant.now();
        List<SessionInfo> sessions = List.of(
                new SessionInfo(A, "symmetric", "01", true, 2, 10, 1000, 7, now, now),
                new SessionInfo(B, "symmetric", "02", false, 1, 5, 500, 3, now, now));
        EncryptionService crypto = Fakes.of(EncryptionService.class, Map.of("sessions", (a, p) -> sessions,
                "modes", (a, p) -> List.of(new ModeInfo("asymmetric", 30, "x", "b"), new ModeInfo("symmetric", 20, "y", "b")),
                "policy", (a, p) -> new EncryptionPolicy("symmetric", List.of("none"), List.of("symmetric", "none"))));
        CryptoMetrics c = new CryptoMetrics();
        assertTrue(scrape(c).isEmpty(), "no encryption service, no figures");
        Fakes.inject(c, "crypto", crypto);

        Map<String, ExpositionFormat.Family> f = scrape(c);
        assertEquals(2, f.get("nodus_crypto_sessions").value(Map.of("mode", "symmetric")));
        assertEquals(0, f.get("nodus_crypto_sessions").value(Map.of("mode", "asymmetric")));
        assertEquals(15, f.get("nodus_crypto_session_messages_sealed").value(Map.of("mode", "symmetric")));
        assertEquals(1500, f.get("nodus_crypto_session_sealed_bytes").value(Map.of("mode", "symmetric")));
        assertEquals(10, f.get("nodus_crypto_session_messages_opened").value(Map.of("mode", "symmetric")));
        assertEquals(3, f.get("nodus_crypto_session_key_rotations").value(Map.of("mode", "symmetric")));
        assertEquals(2, f.get("nodus_crypto_modes_installed").value());
        assertEquals(1, f.get("nodus_crypto_policy_info").value(Map.of("mode", "symmetric")));
    }

    @Test
    void proxyAndTorStatesAreOneHot() {
        ProxyProvider tor = Fakes.of(ProxyProvider.class, Map.of("name", (a, p) -> "tor",
                "status", (a, p) -> ProxyStatus.of("tor", ProxyStatus.State.STARTING, "bootstrapping 45%")));
        ProxyProvider direct = Fakes.of(ProxyProvider.class, Map.of("name", (a, p) -> "direct",
                "status", (a, p) -> ProxyStatus.of("direct", ProxyStatus.State.UP, "")));
        OutboundRouter router = Fakes.of(OutboundRouter.class,
                Map.of("status", (a, p) -> ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.DOWN, "tor not up")));
        ProxyMetrics m = new ProxyMetrics();
        Fakes.inject(m, "providers", List.of(tor, direct));
        Fakes.inject(m, "router", router);

        Map<String, ExpositionFormat.Family> f = scrape(m);
        assertEquals(1, f.get("nodus_proxy_policy_state").value(Map.of("state", "down")));
        assertEquals(0, f.get("nodus_proxy_policy_state").value(Map.of("state", "up")));
        assertEquals(1, f.get("nodus_proxy_provider_state").value(Map.of("provider", "tor", "state", "starting")));
        assertEquals(0, f.get("nodus_proxy_provider_state").value(Map.of("provider", "tor", "state", "up")));
        assertEquals(1, f.get("nodus_proxy_provider_state").value(Map.of("provider", "direct", "state", "up")));
        assertEquals(0, f.get("nodus_tor_up").value());
        assertEquals(2, f.get("nodus_proxy_providers").value());
        assertEquals(8, f.get("nodus_proxy_provider_state").samples().size(), "4 states x 2 providers");
    }

    @Test
    void trainingShowsTheRunOnTheAggregatorAndTheWorkerState() {
        TrainingStatus run = new TrainingStatus(TrainingStatus.State.RUNNING, "r1", 2, 5, List.of("a", "b", "c"),
                List.of(new RoundMetrics(1, 3, 0.71, 0.9, 100, 300, 1500), new RoundMetrics(2, 3, 0.82, 0.6, 100, 300, 2500)), "");
        TrainingCoordinator coordinator = Fakes.of(TrainingCoordinator.class, Map.of("status", (a, p) -> run));
        TrainingWorker worker = Fakes.of(TrainingWorker.class, Map.of("status",
                (a, p) -> new WorkerStatus("training", "r1", "agg", 2, 600, 2, 0.4, 0.88)));
        TrainingMetrics m = new TrainingMetrics();
        assertTrue(scrape(m).isEmpty());
        Fakes.inject(m, "coordinator", coordinator);
        Fakes.inject(m, "worker", worker);

        Map<String, ExpositionFormat.Family> f = scrape(m);
        assertEquals(1, f.get("nodus_ml_run_state").value(Map.of("state", "running")));
        assertEquals(0, f.get("nodus_ml_run_state").value(Map.of("state", "finished")));
        assertEquals(2, f.get("nodus_ml_round").value());
        assertEquals(5, f.get("nodus_ml_rounds_planned").value());
        assertEquals(3, f.get("nodus_ml_participants").value());
        assertEquals(0.82, f.get("nodus_ml_accuracy").value(), 1e-12);
        assertEquals(2.5, f.get("nodus_ml_round_duration_seconds").value(), 1e-12);
        assertEquals(600, f.get("nodus_ml_run_received_bytes").value());
        assertEquals(1, f.get("nodus_ml_worker_state").value(Map.of("state", "training")));
        assertEquals(0, f.get("nodus_ml_worker_state").value(Map.of("state", "idle")));
        assertEquals(2, f.get("nodus_ml_worker_model_version").value());
        assertEquals(0.88, f.get("nodus_ml_worker_last_accuracy").value(), 1e-12);
    }

    @Test
    void chatCountsMessagesAndShowsSessions() {
        Instant now = Instant.now();
        ChatService chat = Fakes.of(ChatService.class, Map.of("sessions", (a, p) -> List.of(
                new ChatSessionInfo(A, "s1", ChatSessionInfo.State.OPEN, "double-ratchet", true, now, 4, 2, 1),
                new ChatSessionInfo(B, "s2", ChatSessionInfo.State.OPEN, "signed", false, now, 1, 5, 0))));
        ChatMetrics m = new ChatMetrics();
        ChatMessage in = new ChatMessage("01", Conversation.peer(A), A, false, "hello", 1, now, now, ChatMessage.Status.RECEIVED);
        m.messageReceived(in);
        m.messageReceived(in);
        m.messageUpdated(in.withStatus(ChatMessage.Status.DELIVERED));
        assertTrue(scrape(m).isEmpty(), "no chat service, no figures");
        Fakes.inject(m, "chat", chat);

        Map<String, ExpositionFormat.Family> f = scrape(m);
        assertEquals(2, f.get("nodus_chat_messages_received_total").value());
        assertEquals(1, f.get("nodus_chat_messages_total").value(Map.of("status", "delivered")));
        assertEquals(0, f.get("nodus_chat_messages_total").value(Map.of("status", "read")));
        assertEquals(1, f.get("nodus_chat_sessions").value(Map.of("protection", "double-ratchet")));
        assertEquals(1, f.get("nodus_chat_sessions").value(Map.of("protection", "signed")));
        assertEquals(5, f.get("nodus_chat_session_messages_sent").value());
        assertEquals(7, f.get("nodus_chat_session_messages_received").value());
        assertEquals(1, f.get("nodus_chat_outbox").value());
    }

    @Test
    void nodeSaysWhoItIsAndCountsBundlesByState() {
        Bundle active = Fakes.of(Bundle.class, Map.of("getState", (a, p) -> Bundle.ACTIVE));
        Bundle fragment = Fakes.of(Bundle.class, Map.of("getState", (a, p) -> Bundle.RESOLVED));
        NodeMetrics m = new NodeMetrics();
        Fakes.inject(m, "node", Fakes.node(java.nio.file.Path.of("/tmp"), "aggregator"));
        m.activate(Fakes.of(BundleContext.class, Map.of("getBundles", (a, p) -> new Bundle[] {active, active, fragment})));

        Map<String, ExpositionFormat.Family> f = scrape(m);
        assertEquals(1, f.get("nodus_node_info").value(Map.of("profile", "aggregator", "name", "aggregator")));
        assertEquals(2, f.get("nodus_node_bundles").value(Map.of("state", "active")));
        assertEquals(1, f.get("nodus_node_bundles").value(Map.of("state", "other")));
        assertTrue(f.get("nodus_node_uptime_seconds").value() >= 0);
    }

    @Test
    void nodeAndJvmFiguresAreThere() {
        Map<String, ExpositionFormat.Family> jvm = scrape(new JvmMetrics());
        assertTrue(jvm.get("process_cpu_seconds_total").value() > 0);
        assertEquals("counter", jvm.get("jvm_gc_collections_total").type());
        assertTrue(jvm.get("jvm_uptime_seconds").value() > 0);
        assertTrue(Duration.ofSeconds((long) jvm.get("process_start_time_seconds").value())
                .compareTo(Duration.ofSeconds(Instant.now().getEpochSecond())) <= 0);
    }
}
