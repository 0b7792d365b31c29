package io.nodus.pubsub.impl.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

class SeenCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private static ByteString id(int i) {
        return ByteString.copyFromUtf8("id-" + i);
    }

    @Test
    void secondSightingIsADuplicate() {
        SeenCache seen = new SeenCache(Duration.ofMinutes(2), 10, now::get);
        assertFalse(seen.contains(id(1)));
        assertTrue(seen.add(id(1)));
        assertTrue(seen.contains(id(1)));
        assertFalse(seen.add(id(1)));
        assertEquals(1, seen.size());
    }

    @Test
    void idsExpireAfterTheTtlCountedFromTheFirstSighting() {
        SeenCache seen = new SeenCache(Duration.ofSeconds(120), 10, now::get);
        seen.add(id(1));
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        seen.add(id(2));
        assertFalse(seen.add(id(1)), "seeing it again does not extend it");
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertFalse(seen.contains(id(1)), "120 s after it was first seen");
        assertTrue(seen.contains(id(2)));
        assertTrue(seen.add(id(1)), "an expired id is new again");
    }

    @Test
    void capacityBoundsTheCacheDroppingTheOldest() {
        SeenCache seen = new SeenCache(Duration.ofMinutes(2), 100, now::get);
        for (int i = 0; i < 1000; i++) {
            seen.add(id(i));
        }
        assertEquals(100, seen.size());
        assertFalse(seen.contains(id(899)));
        assertTrue(seen.contains(id(900)));
        assertTrue(seen.contains(id(999)));
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new SeenCache(Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class, () -> new SeenCache(Duration.ofSeconds(1), 0));
    }
}
