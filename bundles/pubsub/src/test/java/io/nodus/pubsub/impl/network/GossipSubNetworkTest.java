package io.nodus.pubsub.impl.network;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.router.GossipParams;
import io.nodus.pubsub.impl.router.GossipStats;
import io.nodus.pubsub.impl.router.GossipSubRouter;

/** gossipsub among real hosts on 127.0.0.1, heartbeat 100 ms. */
class GossipSubNetworkTest {

    private static final String TOPIC = "gossip";
    private static final GossipParams FAST = GossipParams.DEFAULTS.withHeartbeat(Duration.ofMillis(100));
    private static final PubSubSettings GOSSIP = PubSubSettings.DEFAULTS.withGossip(FAST);

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
    void fiveNodesFormASymmetricMeshAndEveryMessageReachesAll() throws Exception {
        List<Node> n = fixture.start(5, GOSSIP);
        List<Inbox> inbox = new ArrayList<>();
        for (Node x : n) {
            Inbox i = new Inbox();
            inbox.add(i);
            x.pubsub().subscribe(TOPIC, i);
        }
        for (int i = 0; i < 5; i++) {
            for (int k = i + 1; k < 5; k++) {
                connect(n.get(i), n.get(k));
            }
        }
        assertEquals(GossipSubRouter.MESHSUB_V11, n.get(0).pubsub().router().protocols().get(0));

        // D = 6 > 4 peers: every node meshes with all others, and mesh links are bidirectional
        await(() -> n.stream().allMatch(x -> x.pubsub().mesh(TOPIC).size() == 4) && symmetric(n),
                "a full symmetric mesh");

        for (int i = 0; i < 5; i++) {
            n.get(i).pubsub().publish(TOPIC, ("from " + i).getBytes(StandardCharsets.UTF_8));
        }
        await(() -> inbox.stream().allMatch(x -> x.messages.size() == 4), "four foreign messages at each node");
        for (int k = 0; k < 5; k++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(i == k ? 0 : 1, inbox.get(k).count("from " + i), "node " + k + " from " + i);
            }
        }
        // Every one of the 10 mesh links began with a GRAFT from one side; which side depends on whose
        // heartbeat ran first, so count over the whole network rather than per node.
        long grafts = 0;
        for (Node x : n) {
            GossipStats s = ((GossipSubRouter) x.pubsub().router()).stats();
            grafts += s.grafts();
        }
        assertTrue(grafts >= 10, "every mesh link was grafted, grafts=" + grafts);
    }

    @Test
    void hubKeepsItsMeshWithinDHighAndGossipRecoversMessagesForPrunedLeaves() throws Exception {
        PubSubSettings small = GOSSIP.withGossip(FAST.withMesh(2, 1, 3));
        Node hub = fixture.start(small);
        hub.pubsub().subscribe(TOPIC, new Inbox());
        List<Node> leaves = fixture.start(6, small);
        List<Inbox> inbox = new ArrayList<>();
        for (Node leaf : leaves) {
            connect(leaf, hub);
        }
        for (Node leaf : leaves) {
            Inbox i = new Inbox();
            inbox.add(i);
            leaf.pubsub().subscribe(TOPIC, i);
        }

        await(() -> hub.pubsub().peers(TOPIC).size() == 6 && leaves.stream().allMatch(l -> l.pubsub().peers(TOPIC)
                .size() == 1), "every leaf and the hub know each other's subscription");
        // six leaves graft the hub; it accepts up to D_hi = 3 and prunes the rest (with backoff)
        GossipSubRouter hubRouter = (GossipSubRouter) hub.pubsub().router();
        await(() -> hubRouter.stats().prunes() >= 3 && symmetricStar(hub, leaves)
                && leaves.stream().filter(l -> l.pubsub().mesh(TOPIC).isEmpty()).count()
                        == 6 - hub.pubsub().mesh(TOPIC).size(),
                PubSubFixture.LIMIT, () -> "a hub mesh of at most D_hi leaves, the others pruned: hub "
                        + hubRouter.stats() + " mesh " + hub.pubsub().mesh(TOPIC).size());
        Set<PeerId> hubMesh = hub.pubsub().mesh(TOPIC);
        assertTrue(hubMesh.size() >= 1 && hubMesh.size() <= 3, "D_lo <= mesh <= D_hi: " + hubMesh.size());

        List<Integer> outside = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (!hubMesh.contains(leaves.get(i).id())) {
                outside.add(i);
            }
        }
        int publisher = outside.get(0);
        leaves.get(publisher).pubsub().publish(TOPIC, "recovered".getBytes(StandardCharsets.UTF_8));

        await(() -> {
            for (int i = 0; i < leaves.size(); i++) {
                if (i != publisher && !inbox.get(i).hasText("recovered")) {
                    return false;
                }
            }
            return true;
        }, "the message at every other leaf, mesh or not");
        int gossipOnly = outside.get(1);
        assertTrue(leaves.get(gossipOnly).pubsub().mesh(TOPIC).isEmpty(), "outside the hub's mesh");
        assertTrue(((GossipSubRouter) leaves.get(gossipOnly).pubsub().router()).stats().iwants() >= 1,
                "it asked for the message with IWANT");
        GossipStats hubStats = ((GossipSubRouter) hub.pubsub().router()).stats();
        assertTrue(hubStats.ihaves() >= 1 && hubStats.iwantServed() >= 2, hubStats.toString());
        assertEquals(1, inbox.get(gossipOnly).count("recovered"));
        assertTrue(hub.pubsub().mesh(TOPIC).size() <= 3);
    }

    @Test
    void aNodeThatIsNotSubscribedPublishesToTheTopic() throws Exception {
        List<Node> n = fixture.start(3, GOSSIP);
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        n.get(1).pubsub().subscribe(TOPIC, a);
        n.get(2).pubsub().subscribe(TOPIC, b);
        connect(n.get(0), n.get(1));
        connect(n.get(0), n.get(2));
        await(() -> n.get(0).pubsub().peers(TOPIC).size() == 2, "the publisher knows both subscribers");

        n.get(0).pubsub().publish(TOPIC, "outsider".getBytes(StandardCharsets.UTF_8));

        await(() -> a.hasText("outsider") && b.hasText("outsider"), "both subscribers");
        assertTrue(n.get(0).pubsub().topics().isEmpty());
    }

    @Test
    void unsubscribingLeavesTheMeshAndPeersForgetTheTopic() throws Exception {
        List<Node> n = fixture.start(2, GOSSIP);
        var sub0 = n.get(0).pubsub().subscribe(TOPIC, new Inbox());
        n.get(1).pubsub().subscribe(TOPIC, new Inbox());
        connect(n.get(0), n.get(1));
        await(() -> n.get(1).pubsub().mesh(TOPIC).contains(n.get(0).id()), "a mesh of two");

        sub0.close();

        await(() -> n.get(1).pubsub().peers(TOPIC).isEmpty() && n.get(1).pubsub().mesh(TOPIC).isEmpty(),
                "the other side dropped us from topic and mesh");
        assertFalse(n.get(0).pubsub().topics().contains(TOPIC));
        assertTrue(n.get(1).pubsub().peers().contains(n.get(0).id()), "still a pubsub peer");
    }

    @Test
    void aDisconnectedPeerIsForgotten() throws Exception {
        List<Node> n = fixture.start(2, GOSSIP);
        n.get(1).pubsub().subscribe(TOPIC, new Inbox());
        connect(n.get(0), n.get(1));
        await(() -> n.get(0).pubsub().peers(TOPIC).size() == 1, "subscription known");

        n.get(0).host().disconnect(n.get(1).id());

        await(() -> n.get(0).pubsub().peers().isEmpty() && n.get(1).pubsub().peers().isEmpty(),
                "both sides forgot the other");
        assertTrue(n.get(0).pubsub().peers(TOPIC).isEmpty());
    }

    private static boolean symmetric(List<Node> nodes) {
        for (Node a : nodes) {
            for (Node b : nodes) {
                if (a != b && a.pubsub().mesh(TOPIC).contains(b.id()) != b.pubsub().mesh(TOPIC).contains(a.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean symmetricStar(Node hub, List<Node> leaves) {
        Set<PeerId> hubMesh = new HashSet<>(hub.pubsub().mesh(TOPIC));
        for (Node leaf : leaves) {
            if (hubMesh.contains(leaf.id()) != leaf.pubsub().mesh(TOPIC).contains(hub.id())) {
                return false;
            }
        }
        return hubMesh.size() <= 3;
    }
}
