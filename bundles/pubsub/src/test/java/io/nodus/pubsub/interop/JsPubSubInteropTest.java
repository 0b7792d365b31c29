package io.nodus.pubsub.interop;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.testkit.JsPeer.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.api.transport.Multiaddr;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.network.PubSubSettings;
import io.nodus.pubsub.impl.router.FloodSubRouter;
import io.nodus.pubsub.impl.router.GossipSubRouter;
import io.nodus.testkit.JsPeer;

/**
 * Our pubsub against js-libp2p 3.x ({@code itests/js-peer}: @libp2p/gossipsub and @libp2p/floodsub): a signed
 * message each way, for each router. Skipped when node is not installed.
 */
class JsPubSubInteropTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PubSubFixture fixture;
    private JsPeer js;

    @BeforeEach
    void start() {
        fixture = new PubSubFixture(dir);
    }

    @AfterEach
    void stop() {
        if (js != null) {
            js.close();
        }
        fixture.close();
    }

    @Test
    void gossipsubMessagesBothWays() throws Exception {
        Node java = fixture.start(PubSubSettings.DEFAULTS);
        js = JsPeer.start("--pubsub", "gossipsub");
        bothWays(java, "gossipsub", "nodus-gossip", GossipSubRouter.MESHSUB_V11);
        // the mesh forms across implementations: js GRAFTs us or we GRAFT it at a heartbeat
        await(() -> java.pubsub().mesh("nodus-gossip").contains(PeerId.parse(js.peerId())), LIMIT,
                "js in our mesh");
        JsonObject info = js.call(command("pubsubPeers", "topic", "nodus-gossip", "wait", 1, "mesh", true), LIMIT);
        assertTrue(info.getAsJsonArray("mesh").toString().contains(java.id().toString()), info.toString());
    }

    @Test
    void floodsubMessagesBothWays() throws Exception {
        Node java = fixture.start(PubSubSettings.DEFAULTS.withRouter(PubSubSettings.FLOODSUB));
        js = JsPeer.start("--pubsub", "floodsub");
        bothWays(java, "floodsub", "nodus-flood", FloodSubRouter.PROTOCOL);
    }

    @Test
    void ourGossipsubTalksFloodsubToAFloodsubOnlyPeer() throws Exception {
        Node java = fixture.start(PubSubSettings.DEFAULTS);
        js = JsPeer.start("--pubsub", "floodsub");
        bothWays(java, "floodsub", "nodus-mixed", FloodSubRouter.PROTOCOL);
    }

    private void bothWays(Node java, String jsRouter, String topic, String expectedProtocol) throws Exception {
        PeerId jsId = PeerId.parse(js.peerId());
        List<PubSubMessage> received = new CopyOnWriteArrayList<>();
        java.pubsub().subscribe(topic, received::add);
        js.call(command("subscribe", "topic", topic), LIMIT);
        java.host().connect(Multiaddr.parse(js.addr("/ip4/")));

        // Java -> js, once js's subscription reached us over its stream and ours to it is open
        await(() -> java.pubsub().peers(topic).contains(jsId), LIMIT, "js in our topic peers");
        assertEquals(expectedProtocol, java.pubsub().protocolOf(jsId), "our stream to js");
        java.pubsub().publish(topic, "from java".getBytes(StandardCharsets.UTF_8));
        JsonObject event = js.awaitEvent("message", e -> "from java".equals(e.get("data").getAsString()), LIMIT);
        assertEquals(jsRouter, event.get("router").getAsString());
        assertEquals(topic, event.get("topic").getAsString());
        assertEquals(java.id().toString(), event.get("from").getAsString(), "js verified our signature and origin");

        // js -> Java; publish waits until js has a writable stream to a subscriber
        JsonObject reply = js.call(command("publish", "topic", topic, "data", "from js", "minPeers", 1,
                "waitMs", LIMIT.toMillis()), LIMIT);
        assertTrue(reply.getAsJsonArray("recipients").toString().contains(java.id().toString()), reply.toString());
        await(() -> received.stream().anyMatch(m -> "from js".equals(new String(m.data(), StandardCharsets.UTF_8))),
                LIMIT, "js's message at our subscriber");
        PubSubMessage m = received.get(0);
        assertEquals(jsId, m.from());
        assertEquals(topic, m.topic());
        assertEquals(1, received.size());
    }
}
