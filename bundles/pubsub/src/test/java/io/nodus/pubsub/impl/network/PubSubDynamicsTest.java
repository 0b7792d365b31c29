package io.nodus.pubsub.impl.network;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.pubsub.TopicValidator;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.router.FloodSubRouter;
import io.nodus.pubsub.impl.router.GossipParams;
import io.nodus.pubsub.impl.router.GossipSubRouter;

/** Topic validators coming and going, a live router switch, and a peer whose pubsub restarts. */
class PubSubDynamicsTest {

    private static final String TOPIC = "dyn";
    private static final PubSubSettings GOSSIP = PubSubSettings.DEFAULTS.withGossip(
            GossipParams.DEFAULTS.withHeartbeat(Duration.ofMillis(100)));

    @TempDir
    Path dir;

    private PubSubFixture fixture;

    @BeforeEach
    void start() {
        fixture = new PubSubFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void topicValidatorsRejectIgnoreAndGoAwayLive() throws Exception {
        List<Node> n = fixture.start(2, GOSSIP);
        Inbox inbox = new Inbox();
        n.get(1).pubsub().subscribe(TOPIC, inbox);
        n.get(0).pubsub().subscribe(TOPIC, new Inbox());
        connect(n.get(0), n.get(1));
        await(() -> n.get(0).pubsub().peers(TOPIC).size() == 1, "the subscriber known");
        TopicValidator validator = (source, m) -> switch (new String(m.data(), StandardCharsets.UTF_8)) {
            case "bad" -> TopicValidator.Result.REJECT;
            case "meh" -> TopicValidator.Result.IGNORE;
            case "boom" -> throw new IllegalStateException("validator bug");
            default -> TopicValidator.Result.ACCEPT;
        };
        n.get(1).pubsub().validators().add(validator, Map.of(TopicValidator.TOPIC, new String[] {TOPIC, "other"}));

        for (String text : new String[] {"bad", "meh", "boom", "good"}) {
            n.get(0).pubsub().publish(TOPIC, utf8(text));
        }
        await(() -> inbox.hasText("good"), "the accepted message");
        await(() -> n.get(1).pubsub().stats().invalidMessages() == 3, "three messages not accepted");
        assertEquals(1, inbox.messages.size());
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> n.get(1).pubsub().publish(TOPIC, utf8("bad")));
        assertTrue(local.getMessage().contains("REJECT"), local.getMessage());

        n.get(1).pubsub().validators().remove(validator);
        n.get(0).pubsub().publish(TOPIC, utf8("bad"));
        await(() -> inbox.hasText("bad"), "accepted once the validator is gone");
    }

    @Test
    void routerSwitchesLiveAndMessagesKeepFlowing() throws Exception {
        Node a = fixture.start(GOSSIP.withRouter(PubSubSettings.FLOODSUB));
        Node b = fixture.start(GOSSIP);
        Inbox ia = new Inbox();
        Inbox ib = new Inbox();
        a.pubsub().subscribe(TOPIC, ia);
        b.pubsub().subscribe(TOPIC, ib);
        connect(a, b);
        await(() -> a.pubsub().peers(TOPIC).size() == 1 && b.pubsub().peers(TOPIC).size() == 1, "both subscribed");
        assertEquals(FloodSubRouter.PROTOCOL, b.pubsub().protocolOf(a.id()), "b speaks floodsub to a");

        a.pubsub().reconfigure(GOSSIP);

        assertEquals(List.of(GossipSubRouter.MESHSUB_V11, GossipSubRouter.MESHSUB_V10, FloodSubRouter.PROTOCOL),
                a.pubsub().protocols());
        assertTrue(a.pubsub().router() instanceof GossipSubRouter);
        a.pubsub().publish(TOPIC, utf8("after switch"));
        b.pubsub().publish(TOPIC, utf8("to switched"));
        await(() -> ib.hasText("after switch") && ia.hasText("to switched"), "messages both ways after the switch");
    }

    @Test
    void aPeerWhosePubSubRestartsIsReachedAgainOnTheSameConnection() throws Exception {
        Node a = fixture.start(GOSSIP);
        Node b = fixture.start(GOSSIP);
        Inbox ia = new Inbox();
        a.pubsub().subscribe(TOPIC, ia);
        connect(a, b);
        await(() -> b.pubsub().peers(TOPIC).contains(a.id()), "a's subscription at b");

        // what uninstalling and reinstalling the bundle does to b: the old instance goes, a new one comes
        b.host().removeProtocolHandler(b.pubsub().protocolHandler());
        b.pubsub().close();
        await(() -> a.pubsub().peers().isEmpty(), "a noticed b's pubsub went away");
        PubSubNetwork b2 = new PubSubNetwork(b.host(), b.identity(), GOSSIP);
        ProtocolHandler handler = b2.protocolHandler();
        b.host().addProtocolHandler(handler, Map.of(ProtocolHandler.PROTOCOL, b2.protocols().toArray(String[]::new)));
        b.host().addConnectionListener(b2.connectionListener());
        try {
            b2.start();
            Inbox ib = new Inbox();
            b2.subscribe(TOPIC, ib);

            await(() -> a.pubsub().peers(TOPIC).contains(b.id()) && b2.peers(TOPIC).contains(a.id()),
                    "both sides see each other again");
            assertEquals(1, a.host().connections().size(), "on the same connection");
            a.pubsub().publish(TOPIC, utf8("welcome back"));
            b2.publish(TOPIC, utf8("thanks"));
            await(() -> ib.hasText("welcome back") && ia.hasText("thanks"), "messages both ways");
        } finally {
            b2.close();
        }
    }
}
