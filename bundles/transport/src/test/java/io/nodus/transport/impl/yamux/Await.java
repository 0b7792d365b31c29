package io.nodus.transport.impl.yamux;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on conditions with a deadline (never a sleep followed by an assertion). */
final class Await {

    /** Generous: only a hang should hit it. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + DEADLINE + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + DEADLINE, e);
        }
    }

    /** The exception the future fails with (fails the test if it completes normally). */
    static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + DEADLINE, e);
        }
    }
}
