package io.nodus.ml.aggregator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.testkit.TestIdentity;

class ParticipantChoiceTest {

    final PeerId relayA = new TestIdentity().peerId();
    final PeerId relayB = new TestIdentity().peerId();
    final PeerId w1 = new TestIdentity().peerId();
    final PeerId w2 = new TestIdentity().peerId();

    @Test
    void shardsAreDealtAcrossRelaysThenToDirectWorkers() {
        List<WorkerCalls.Participant> available = List.of(new WorkerCalls.Participant(w1, 1, false),
                new WorkerCalls.Participant(relayA, 4, true), new WorkerCalls.Participant(relayB, 1, true),
                new WorkerCalls.Participant(w2, 1, false));
        List<WorkerCalls.Participant> chosen = FederatedCoordinator.choose(available, 6);
        assertEquals(List.of(new WorkerCalls.Participant(relayA, 4, true), new WorkerCalls.Participant(relayB, 1, true),
                new WorkerCalls.Participant(w1, 1, false)), chosen);
        assertEquals(List.of(new WorkerCalls.Participant(relayA, 2, true), new WorkerCalls.Participant(relayB, 1, true)),
                FederatedCoordinator.choose(available, 3));
    }

    @Test
    void withoutRelaysTheFirstWorkersAreTaken() {
        List<WorkerCalls.Participant> available = List.of(new WorkerCalls.Participant(w1, 1, false),
                new WorkerCalls.Participant(w2, 1, false));
        assertEquals(1, FederatedCoordinator.choose(available, 1).size());
        assertEquals(2, FederatedCoordinator.choose(available, 5).size(), "fewer than asked: the caller refuses");
    }
}
