package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.testkit.TestIdentity;

class RoundInboxTest {

    final PeerId a = new TestIdentity().peerId();
    final PeerId b = new TestIdentity().peerId();

    static Contribution c(PeerId p) {
        return new Contribution(p.toString(), new float[] {1}, 10, 0);
    }

    @Test
    void barrierOpensWhenEveryLiveWorkerAnsweredAndLateUpdatesAreRefused() throws Exception {
        RoundInbox box = new RoundInbox(2, Set.of(a, b));
        box.offer(a, c(a));
        assertThrows(UpdateRejected.class, () -> box.offer(a, c(a)), "duplicate");
        Thread dropper = new Thread(() -> box.drop(b));
        dropper.start();
        box.awaitAll(System.nanoTime() + 60_000_000_000L);
        dropper.join();
        assertTrue(box.allExpectedIn(), "the dead worker is no longer waited for");
        assertEquals(1, box.close().size());
        assertEquals("late update for round 2 discarded (round closed)",
                assertThrows(UpdateRejected.class, () -> box.offer(b, c(b))).getMessage());
    }

    @Test
    void aParticipantThatJoinsAnOpenRoundIsWaitedFor() throws Exception {
        RoundInbox box = new RoundInbox(3, Set.of(a));
        box.drop(a);
        assertTrue(box.allExpectedIn(), "nobody left to wait for");
        box.expect(b);
        assertFalse(box.allExpectedIn());
        box.offer(b, c(b));
        assertTrue(box.allExpectedIn());
        box.close();
        box.expect(a);
        assertTrue(box.allExpectedIn(), "a closed round takes no new participant");
    }

    @Test
    void awaitEndsAtTheDeadlineOrOnCancel() throws Exception {
        RoundInbox box = new RoundInbox(1, Set.of(a));
        box.awaitCount(System.nanoTime() - 1, 1);
        assertEquals(0, box.count());
        Thread canceller = new Thread(box::cancel);
        canceller.start();
        box.awaitCount(System.nanoTime() + 60_000_000_000L, 1);
        canceller.join();
        assertEquals(0, box.count());
    }
}
