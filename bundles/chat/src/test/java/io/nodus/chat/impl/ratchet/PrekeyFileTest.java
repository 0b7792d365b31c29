package io.nodus.chat.impl.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X3DH identity key and signed prekeys survive a restart through the prekey file, and rotate there too. */
class PrekeyFileTest {

    @TempDir
    Path dir;

    private final TestSigner signer = new TestSigner();
    private final SecureRandom random = new SecureRandom();

    @Test
    void aRestartedNodeHasTheSameIdentityKeyAndSignedPrekey() throws Exception {
        PrekeyFile file = new PrekeyFile(dir.resolve("keys").resolve("chat-prekeys"));
        ChatPrekeys before = new ChatPrekeys(signer::sign, random, Clock.systemUTC(), Duration.ofDays(1), file);
        PrekeyBundle published = before.publishedBundle();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));

        ChatPrekeys after = new ChatPrekeys(signer::sign, random, Clock.systemUTC(), Duration.ofDays(1), file);
        PrekeyBundle again = after.publishedBundle();
        assertArrayEquals(published.identityKey(), again.identityKey());
        assertEquals(published.signedPrekeyId(), again.signedPrekeyId());
        assertArrayEquals(published.signedPrekey(), again.signedPrekey());
        assertArrayEquals(published.signature(), again.signature());
        assertNotNull(after.signedPrekey(published.signedPrekeyId()));
        assertTrue(after.bundle().oneTimeId() > published.signedPrekeyId(), "ids go on, never reused");
    }

    @Test
    void rotationIsKeptAndTheRetiredPrekeyForgotten() {
        PrekeyFile file = new PrekeyFile(dir.resolve("chat-prekeys"));
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        ChatPrekeys keys = new ChatPrekeys(signer::sign, random, Clock.fixed(t0, ZoneOffset.UTC), Duration.ofDays(1),
                file);
        int first = keys.publishedBundle().signedPrekeyId();
        Clock later = Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        ChatPrekeys restarted = new ChatPrekeys(signer::sign, random, later, Duration.ofDays(1), file);
        assertTrue(restarted.rotateIfDue());
        assertFalse(restarted.rotateIfDue(), "rotated once");
        int second = restarted.publishedBundle().signedPrekeyId();
        assertNotEquals(first, second);

        ChatPrekeys third = new ChatPrekeys(signer::sign, random, Clock.fixed(t0.plus(Duration.ofDays(2)),
                ZoneOffset.UTC), Duration.ofDays(1), file);
        assertEquals(second, third.publishedBundle().signedPrekeyId());
        assertNotNull(third.signedPrekey(first), "the previous prekey is kept for a grace period");
        assertTrue(third.rotateIfDue());
        assertNull(third.signedPrekey(first), "two rotations later it is gone");
        assertNull(new ChatPrekeys(signer::sign, random, Clock.fixed(t0.plus(Duration.ofDays(2)), ZoneOffset.UTC),
                Duration.ofDays(1), file).signedPrekey(first), "and gone from the file");
    }

    @Test
    void aDamagedFileGivesNewKeys() throws Exception {
        Path path = dir.resolve("chat-prekeys");
        Files.write(path, new byte[] {1, 2, 3});
        ChatPrekeys keys = new ChatPrekeys(signer::sign, random, Clock.systemUTC(), Duration.ofDays(1),
                new PrekeyFile(path));
        assertNotNull(keys.signedPrekey(keys.publishedBundle().signedPrekeyId()));
        assertTrue(Files.size(path) > 3, "the new keys replaced the damaged file");
    }
}
