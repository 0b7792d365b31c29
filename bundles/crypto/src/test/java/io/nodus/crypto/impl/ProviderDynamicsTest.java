package io.nodus.crypto.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/**
 * Mode providers coming and going under live sessions, as bundle update and uninstall make them: an update hands
 * sessions over (same session, nothing lost); an uninstall applies the provider-loss policy.
 */
class ProviderDynamicsTest {

    static final byte[] AAD = new byte[0];
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");
    private final StubMode aStrong = new StubMode("symmetric", 30);
    private final StubMode bStrong = new StubMode("symmetric", 30);
    private long aStrongBundle;

    @AfterEach
    void close() {
        net.close();
    }

    private void start() throws CryptoException {
        aStrongBundle = a.addMode(aStrong);
        a.addMode(new StubMode("asymmetric", 20));
        b.addMode(bStrong);
        b.addMode(new StubMode("asymmetric", 20));
        a.service().establish(b.peerId());
    }

    @Test
    void anUpdatedProviderTakesTheSessionOverAndPayloadsUnderWayStillOpen() throws Exception {
        start();
        String id = a.service().session(b.peerId()).orElseThrow().sessionId();
        byte[] inFlightToA = b.service().seal(a.peerId(), bytes("sealed before the update"), AAD);
        byte[] inFlightToB = a.service().seal(b.peerId(), bytes("also before"), AAD);

        a.removeMode(aStrong); // bundle update: old service goes ...
        assertTrue(a.service().session(b.peerId()).orElseThrow().mode().contains("handover"));
        StubMode updated = new StubMode("symmetric", 30);
        a.addMode(updated, aStrongBundle); // ... and the new version's service comes

        assertEquals(id, a.service().session(b.peerId()).orElseThrow().sessionId(), "same session, not renegotiated");
        assertEquals("sealed before the update", text(a.service().open(b.peerId(), inFlightToA, AAD)));
        assertEquals("also before", text(b.service().open(a.peerId(), inFlightToB, AAD)));
        byte[] after = a.service().seal(b.peerId(), bytes("after"), AAD);
        assertEquals("after", text(b.service().open(a.peerId(), after, AAD)));
        assertEquals(1, net.requests(), "no new key exchange");
        assertTrue(a.logged("taken over by"), a.log().toString());
        refused(Reason.REPLAY, () -> a.service().open(b.peerId(), inFlightToA, AAD)); // handover kept the window
    }

    @Test
    void sealingWaitsWhileTheProviderIsBeingUpdated() throws Exception {
        start();
        a.removeMode(aStrong);
        CompletableFuture<byte[]> sealing = CompletableFuture.supplyAsync(() -> {
            try {
                return a.service().seal(b.peerId(), bytes("waited"), AAD);
            } catch (CryptoException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitCondition("seal is blocked on the parked session", () -> !sealing.isDone());
        a.addMode(new StubMode("symmetric", 30), aStrongBundle);
        byte[] sealed = sealing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("waited", text(b.service().open(a.peerId(), sealed, AAD)));
    }

    @Test
    void uninstallingTheProviderRenegotiatesWithTheRemainingModes() throws Exception {
        start();
        String before = a.service().session(b.peerId()).orElseThrow().sessionId();
        byte[] lateFromB = b.service().seal(a.peerId(), bytes("late"), AAD);

        a.removeMode(aStrong);
        a.uninstallBundle(aStrongBundle);

        awaitCondition("a re-negotiated with b", () -> a.service().session(b.peerId())
                .map(s -> s.mode().equals("asymmetric")).orElse(false));
        assertNotEquals(before, a.service().session(b.peerId()).orElseThrow().sessionId());
        assertTrue(a.logged("re-negotiating with the remaining modes [asymmetric]"), a.log().toString());
        assertEquals("asymmetric", b.service().session(a.peerId()).orElseThrow().mode(), "b follows");
        CryptoException e = refused(Reason.NO_SESSION, () -> a.service().open(b.peerId(), lateFromB, AAD));
        assertTrue(e.getMessage().contains("must negotiate again"), e.getMessage());
        byte[] fresh = b.service().seal(a.peerId(), bytes("fresh"), AAD);
        assertEquals("fresh", text(a.service().open(b.peerId(), fresh, AAD)));

        a.addMode(new StubMode("symmetric", 30)); // reinstalled: new sessions use it again
        assertEquals("symmetric", a.service().rotate(b.peerId()).mode());
    }

    @Test
    void withTheClosePolicySessionsAreClosedAndSaySo() throws Exception {
        a.configure(Map.of("encryption.onProviderLoss", "close"));
        start();
        a.removeMode(aStrong);
        a.uninstallBundle(aStrongBundle);
        assertTrue(a.service().session(b.peerId()).isEmpty(), "closed, not renegotiated");
        assertTrue(a.logged("(encryption.onProviderLoss=close)"), a.log().toString());
        assertEquals(1, net.requests());
        // the application's next seal negotiates with what is left
        a.service().seal(b.peerId(), bytes("x"), AAD);
        assertEquals("asymmetric", a.service().session(b.peerId()).orElseThrow().mode());
    }

    @Test
    void aProviderThatDoesNotComeBackWithinTheHandoverTimeLosesItsSessions() throws Exception {
        a.configure(Map.of("handover.seconds", "1"));
        start();
        a.removeMode(aStrong); // stopped, not uninstalled, and never restarted
        awaitCondition("handover expired and a re-negotiated", () -> a.service().session(b.peerId())
                .map(s -> s.mode().equals("asymmetric")).orElse(false));
        assertTrue(a.logged("came back within 1 s"), a.log().toString());
    }

    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(10); // polling a condition with a deadline
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
