package io.nodus.ml.aggregator.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;

/**
 * Updates collected for one synchronous round (the barrier) or one asynchronous buffer. Once closed, further
 * updates are refused as late.
 */
final class RoundInbox {

    private final int round;
    private final Set<PeerId> expected;
    private final Map<PeerId, Contribution> received = new LinkedHashMap<>();
    private final List<String> rejections = new ArrayList<>();
    private boolean closed;
    private boolean cancelled;

    RoundInbox(int round, Set<PeerId> expected) {
        this.round = round;
        this.expected = new HashSet<>(expected);
    }

    int round() {
        return round;
    }

    synchronized void offer(PeerId from, Contribution c) throws UpdateRejected {
        if (closed) {
            throw new UpdateRejected("late update for round " + round + " discarded (round closed)");
        }
        if (received.containsKey(from)) {
            throw new UpdateRejected("duplicate update for round " + round);
        }
        received.put(from, c);
        notifyAll();
    }

    synchronized void rejected(PeerId from, String reason) {
        rejections.add(from + ": " + reason);
    }

    synchronized List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** A participant joined while the round is open: the barrier waits for it too. */
    synchronized void expect(PeerId peer) {
        if (!closed) {
            expected.add(peer);
            notifyAll();
        }
    }

    /** A worker died: the barrier no longer waits for it. */
    synchronized void drop(PeerId peer) {
        expected.remove(peer);
        notifyAll();
    }

    synchronized int count() {
        return received.size();
    }

    synchronized int expectedCount() {
        return expected.size();
    }

    /** Waits until every expected worker answered, the deadline passed or the inbox was cancelled. */
    synchronized void awaitAll(long deadlineNanos) throws InterruptedException {
        while (!cancelled && !received.keySet().containsAll(expected)) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    /** Waits until {@code enough} updates arrived, the deadline passed or the inbox was cancelled. */
    synchronized void awaitCount(long deadlineNanos, int enough) throws InterruptedException {
        while (!cancelled && received.size() < enough) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    /** Wakes every waiter for good (the run is stopping). */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    synchronized boolean allExpectedIn() {
        return received.keySet().containsAll(expected);
    }

    synchronized List<Contribution> close() {
        closed = true;
        return new ArrayList<>(received.values());
    }
}
