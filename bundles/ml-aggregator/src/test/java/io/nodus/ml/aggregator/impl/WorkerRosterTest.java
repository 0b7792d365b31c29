package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.testkit.TestIdentity;

class WorkerRosterTest {

    final PeerId a = new TestIdentity().peerId();
    final PeerId b = new TestIdentity().peerId();
    final PeerId c = new TestIdentity().peerId();

    @Test
    void silentWorkersDieAndTheirShardsGoToTheLeastLoaded() {
        WorkerRoster r = new WorkerRoster();
        r.assign(a, 0);
        r.assign(b, 1);
        r.assign(b, 3);
        r.assign(c, 2);
        r.grace(-60_000_000_000L);
        r.seen(b, -1);
        r.seen(c, -1);
        List<PeerId> dead = r.expire(10_000_000_000L);
        assertEquals(List.of(a), dead);
        assertFalse(r.seen(a, -1), "a dead worker stays out");
        Map<Integer, PeerId> moves = r.redistribute(a, shard -> 100);
        assertEquals(Map.of(0, c), moves, "c held 100 samples, b 200");
        assertEquals(Set.of(0, 2), r.shardsOf(c));
        assertEquals(Set.of(b, c), r.alive());
    }

    @Test
    void shardsOfAGroupWhoseEveryMemberDiedGoToTheSpareThatJoins() {
        WorkerRoster r = new WorkerRoster();
        r.assign(a, 0);
        r.assign(a, 1);
        r.assign(b, 2);
        assertFalse(r.hasOrphans());
        r.grace(-60_000_000_000L);
        assertEquals(List.of(a, b), r.expire(10_000_000_000L));
        assertTrue(r.redistribute(a, shard -> 100).isEmpty(), "nobody alive to take a's shards");
        assertTrue(r.redistribute(b, shard -> 100).isEmpty());
        assertTrue(r.hasOrphans());
        r.add(c);
        Map<Integer, PeerId> moves = r.adoptOrphans(c);
        assertEquals(Map.of(0, c, 1, c, 2, c), moves);
        assertEquals(Set.of(0, 1, 2), r.shardsOf(c));
        assertEquals(Set.of(), r.shardsOf(a));
        assertFalse(r.hasOrphans());
        assertEquals(Set.of(c), r.alive());
        assertTrue(r.adoptOrphans(a).isEmpty(), "a dead member adopts nothing");
    }

    @Test
    void shardsWithNoLiveTakerStayWithTheDeadWorker() {
        WorkerRoster r = new WorkerRoster();
        r.assign(a, 5);
        r.grace(-60_000_000_000L);
        r.expire(1);
        assertTrue(r.redistribute(a, s -> 1).isEmpty());
        assertEquals(Set.of(5), r.shardsOf(a));
    }

    @Test
    void stateRoundTrip() {
        WorkerRoster r = new WorkerRoster();
        r.assign(a, 0);
        r.assign(a, 4);
        r.assign(b, 1);
        WorkerRoster back = WorkerRoster.fromState(r.toState());
        assertEquals(Set.of(0, 4), back.shardsOf(a));
        assertEquals(Set.of(a, b), back.alive());
    }
}
