package io.nodus.pubsub.impl.network;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.router.FloodSubRouter;

/** floodsub among three real hosts. */
class FloodSubNetworkTest {

    private static final String TOPIC = "flood";
    private static final PubSubSettings FLOOD = PubSubSettings.DEFAULTS.withRouter(PubSubSettings.FLOODSUB);

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

    @Test
    void aMessageIsRelayedAlongAChainWithItsOriginAndSeqno() throws Exception {
        List<Node> n = fixture.start(3, FLOOD);
        Inbox[] inbox = {new Inbox(), new Inbox(), new Inbox()};
        for (int i = 0; i < 3; i++) {
            n.get(i).pubsub().subscribe(TOPIC, inbox[i]);
        }
        connect(n.get(0), n.get(1));
        connect(n.get(1), n.get(2));
        await(() -> n.get(0).pubsub().peers(TOPIC).size() == 1 && n.get(1).pubsub().peers(TOPIC).size() == 2
                && n.get(2).pubsub().peers(TOPIC).size() == 1, "subscriptions along the chain");
        assertEquals(FloodSubRouter.PROTOCOL, n.get(0).pubsub().router().protocols().get(0));

        n.get(0).pubsub().publish(TOPIC, "hello chain".getBytes(StandardCharsets.UTF_8));

        await(() -> inbox[2].hasText("hello chain"), "the message two hops away");
        PubSubMessage m = inbox[2].messages.get(0);
        assertEquals(n.get(0).id(), m.from(), "the origin, not the relay");
        assertEquals(TOPIC, m.topic());
        await(() -> inbox[1].hasText("hello chain"), "the relay's own delivery");
        assertTrue(inbox[0].messages.isEmpty(), "our own messages are not delivered to us");
    }

    @Test
    void aTriangleDeliversEachMessageOnceDespiteTwoPaths() throws Exception {
        List<Node> n = fixture.start(3, FLOOD);
        Inbox[] inbox = {new Inbox(), new Inbox(), new Inbox()};
        for (int i = 0; i < 3; i++) {
            n.get(i).pubsub().subscribe(TOPIC, inbox[i]);
        }
        connect(n.get(0), n.get(1));
        connect(n.get(1), n.get(2));
        connect(n.get(2), n.get(0));
        await(() -> n.stream().allMatch(x -> x.pubsub().peers(TOPIC).size() == 2), "a full triangle");

        for (int i = 0; i < 10; i++) {
            n.get(i % 3).pubsub().publish(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }

        await(() -> inbox[0].messages.size() + inbox[1].messages.size() + inbox[2].messages.size() == 20,
                "each message at the two other nodes");
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(k == i % 3 ? 0 : 1, inbox[k].count("m" + i), "node " + k + " message m" + i);
            }
        }
        // each message reaches some node on both paths (the direct copy and the relayed one): the later copy is
        // a seen-cache duplicate; which nodes see both depends on arrival order, at least one per message does
        await(() -> n.stream().mapToLong(x -> x.pubsub().stats().duplicates()).sum() >= 10, PubSubFixture.LIMIT,
                () -> "a duplicate per message, have " + n.stream().map(x -> x.pubsub().stats()).toList());
    }
}
