package io.nodus.itests.cluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, sampling it at an interval; never a fixed sleep. */
final class Deadline {

    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private Deadline() {
    }

    /** Samples {@code probe} until {@code done} accepts a sample; fails at {@code limit} showing the last one. */
    static <T> T await(String what, Duration limit, Supplier<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            T last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("not within " + limit + ": " + what + "\nlast seen:\n" + last);
            }
            LockSupport.parkNanos(Math.min(POLL_INTERVAL.toNanos(), Math.max(1, end - System.nanoTime())));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
