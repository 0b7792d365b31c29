package io.nodus.itests.process;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, re-checking it at a short interval; never a fixed sleep. */
final class Eventually {

    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private Eventually() {
    }

    /**
     * Samples {@code probe} until {@code done} accepts a sample or {@code deadline} passes; returns the
     * accepted sample, or fails showing the last one.
     */
    static <T> T await(String what, Duration deadline, Supplier<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("not within " + deadline + ": " + what + "\nlast seen:\n" + last);
            }
            LockSupport.parkNanos(Math.min(POLL_INTERVAL.toNanos(), Math.max(1, end - System.nanoTime())));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
