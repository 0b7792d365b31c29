package io.nodus.pubsub.impl.router;

import static io.nodus.pubsub.impl.router.TestPeers.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.impl.proto.RpcProto.ControlGraft;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIHave;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIWant;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.ControlPrune;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.router.RecordingContext.Sent;

/** gossipsub router logic against a recording context and a manual clock. */
class GossipSubRouterTest {

    private static final String T = "topic";
    private static final String MESH = GossipSubRouter.MESHSUB_V11;

    private final RecordingContext ctx = new RecordingContext();
    private final AtomicLong clock = new AtomicLong();

    private GossipSubRouter router(GossipParams params) {
        return new GossipSubRouter(ctx, params, clock::get);
    }

    private void gossipPeers(int from, int to) {
        for (int i = from; i < to; i++) {
            ctx.addPeer(peer(i), MESH, T);
        }
    }

    private static Message msg(int n) {
        return Message.newBuilder().setTopic(T).setFrom(ByteString.copyFrom(peer(1000).toBytes()))
                .setSeqno(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) n})).build();
    }

    private static ByteString id(int n) {
        return ByteString.copyFromUtf8("id" + n);
    }

    private static ControlMessage graft() {
        return ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(T)).build();
    }

    private static Set<PeerId> recipients(List<Sent> sent, java.util.function.Predicate<Sent> what) {
        return sent.stream().filter(what).map(Sent::to).collect(Collectors.toSet());
    }

    @Test
    void joinGraftsDPeersAndLeavePrunesThemWithTheUnsubscribeBackoff() {
        gossipPeers(0, 10);
        ctx.addPeer(peer(50), FloodSubRouter.PROTOCOL, T);
        GossipSubRouter r = router(GossipParams.DEFAULTS);

        r.join(T);

        Set<PeerId> grafted = recipients(ctx.drain(), s -> s.rpc().getControl().getGraftCount() == 1);
        assertEquals(6, grafted.size());
        assertEquals(grafted, r.mesh(T));
        assertFalse(grafted.contains(peer(50)), "floodsub peers are not grafted");

        r.leave(T);
        List<Sent> prunes = ctx.drain();
        assertEquals(grafted, recipients(prunes, s -> s.rpc().getControl().getPruneCount() == 1));
        assertEquals(10, prunes.get(0).rpc().getControl().getPrune(0).getBackoff());
        assertTrue(r.mesh(T).isEmpty());
    }

    @Test
    void graftBeyondDHighAndGraftDuringBackoffArePruned() {
        gossipPeers(0, 5);
        GossipSubRouter r = router(GossipParams.DEFAULTS.withMesh(2, 1, 3));
        ctx.topics.clear(); // we join with nobody known, then they graft us
        r.join(T);
        gossipPeers(0, 5);

        for (int i = 0; i < 4; i++) {
            r.control(peer(i), graft());
        }
        assertEquals(3, r.mesh(T).size(), "D_hi peers accepted");
        List<Sent> sent = ctx.drain();
        assertEquals(1, sent.size());
        assertEquals(peer(3), sent.get(0).to());
        ControlPrune prune = sent.get(0).rpc().getControl().getPrune(0);
        assertEquals(T, prune.getTopicID());
        assertEquals(60, prune.getBackoff());

        r.control(peer(0), ControlMessage.newBuilder().addPrune(ControlPrune.newBuilder().setTopicID(T)).build());
        assertEquals(2, r.mesh(T).size());
        r.control(peer(3), graft());
        assertEquals(peer(3), ctx.drain().get(0).to(), "within its backoff the peer is pruned again");
        assertFalse(r.mesh(T).contains(peer(3)));
    }

    @Test
    void heartbeatGraftsBelowDLowButNotPeersInBackoff() {
        GossipSubRouter r = router(GossipParams.DEFAULTS.withMesh(3, 2, 4));
        r.join(T);
        assertTrue(r.mesh(T).isEmpty());
        gossipPeers(0, 4);
        r.control(peer(0), ControlMessage.newBuilder()
                .addPrune(ControlPrune.newBuilder().setTopicID(T).setBackoff(5)).build());

        r.heartbeat();
        assertEquals(Set.of(peer(1), peer(2), peer(3)), r.mesh(T), "peer 0 asked for 5 s of backoff");

        // peer 1 leaves the topic; below D_lo again only once two are gone
        ctx.topics.get(T).remove(peer(1));
        ctx.topics.get(T).remove(peer(2));
        clock.addAndGet(Duration.ofSeconds(7).toNanos()); // past 5 s + one heartbeat of slack
        ctx.drain();
        r.heartbeat();
        assertEquals(Set.of(peer(0), peer(3)), r.mesh(T));
        assertEquals(Set.of(peer(0)), recipients(ctx.drain(), s -> s.rpc().getControl().getGraftCount() > 0));
    }

    @Test
    void ownMessagesAreFloodPublishedForwardedOnesGoToMeshAndFloodsubPeers() {
        gossipPeers(0, 10);
        ctx.addPeer(peer(50), FloodSubRouter.PROTOCOL, T);
        GossipSubRouter r = router(GossipParams.DEFAULTS);
        r.join(T);
        ctx.drain();

        r.route(msg(1), id(1), null, peer(1000));
        assertEquals(11, recipients(ctx.drain(), s -> s.rpc().getPublishCount() == 1).size(), "every topic peer");

        PeerId source = r.mesh(T).iterator().next();
        r.route(msg(2), id(2), source, peer(1000));
        Set<PeerId> expected = new java.util.HashSet<>(r.mesh(T));
        expected.add(peer(50));
        expected.remove(source);
        assertEquals(expected, recipients(ctx.drain(), s -> s.rpc().getPublishCount() == 1));
    }

    @Test
    void withoutFloodPublishAnUnsubscribedPublisherUsesAFanoutOfD() {
        gossipPeers(0, 10);
        GossipSubRouter r = router(GossipParams.DEFAULTS.withFloodPublish(false));
        r.route(msg(1), id(1), null, peer(1000));
        Set<PeerId> first = recipients(ctx.drain(), s -> true);
        assertEquals(6, first.size());
        assertEquals(first, r.fanout(T));
        r.route(msg(2), id(2), null, peer(1000));
        assertEquals(first, recipients(ctx.drain(), s -> true), "the same fanout until it expires");
    }

    @Test
    void heartbeatGossipsIHaveToNonMeshPeersOnly() {
        gossipPeers(0, 40);
        GossipSubRouter r = router(GossipParams.DEFAULTS);
        r.join(T);
        r.route(msg(1), id(1), peer(0), peer(1000));
        ctx.drain();

        r.heartbeat();

        List<Sent> sent = ctx.drain();
        Set<PeerId> gossiped = recipients(sent, s -> s.rpc().getControl().getIhaveCount() == 1);
        assertEquals(Math.max(6, (int) (0.25 * 34)), gossiped.size(), "max(D_lazy, 25% of the 34 non-mesh peers)");
        gossiped.retainAll(r.mesh(T));
        assertTrue(gossiped.isEmpty(), "no IHAVE to mesh peers");
        ControlIHave ihave = sent.stream().filter(s -> s.rpc().getControl().getIhaveCount() == 1).findFirst()
                .orElseThrow().rpc().getControl().getIhave(0);
        assertEquals(List.of(id(1)), ihave.getMessageIDsList());
    }

    @Test
    void iHaveOfUnseenIdsBecomesIWantWithinLimits() {
        gossipPeers(0, 3);
        GossipSubRouter r = router(GossipParams.DEFAULTS);
        r.join(T);
        ctx.drain();
        ctx.seen.add(id(1));

        r.control(peer(0), ihave(T, id(1), id(2)));
        List<Sent> sent = ctx.drain();
        assertEquals(1, sent.size());
        assertEquals(List.of(id(2)), sent.get(0).rpc().getControl().getIwant(0).getMessageIDsList());

        r.control(peer(0), ihave("not-ours", id(3)));
        assertTrue(ctx.drain().isEmpty(), "IHAVE for a topic we are not in is ignored");

        for (int i = 0; i < 20; i++) {
            r.control(peer(1), ihave(T, id(100 + i)));
        }
        assertEquals(GossipSubRouter.MAX_IHAVE_MESSAGES, ctx.drain().size(), "10 IHAVEs per peer and heartbeat");
        r.heartbeat();
        ctx.drain();
        r.control(peer(1), ihave(T, id(200)));
        assertEquals(1, ctx.drain().size(), "the next heartbeat resets the count");
    }

    @Test
    void iWantIsServedFromTheCacheAtMostThreeTimesPerPeer() {
        gossipPeers(0, 3);
        GossipSubRouter r = router(GossipParams.DEFAULTS);
        r.join(T);
        r.route(msg(1), id(1), null, peer(1000));
        ctx.drain();
        ControlMessage iwant = ControlMessage.newBuilder()
                .addIwant(ControlIWant.newBuilder().addMessageIDs(id(1)).addMessageIDs(id(9))).build();
        for (int i = 0; i < 5; i++) {
            r.control(peer(2), iwant);
        }
        List<Sent> sent = ctx.drain();
        assertEquals(3, sent.size());
        assertEquals(msg(1), sent.get(0).rpc().getPublish(0));
        assertEquals(3, r.stats().iwantServed());
    }

    @Test
    void controlFromAPeerWithoutAMeshsubStreamIsIgnored() {
        ctx.addPeer(peer(1), FloodSubRouter.PROTOCOL, T);
        GossipSubRouter r = router(GossipParams.DEFAULTS);
        r.join(T);
        r.control(peer(1), graft());
        assertTrue(r.mesh(T).isEmpty());
    }

    private static ControlMessage ihave(String topic, ByteString... ids) {
        return ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder().setTopicID(topic)
                .addAllMessageIDs(List.of(ids))).build();
    }
}
