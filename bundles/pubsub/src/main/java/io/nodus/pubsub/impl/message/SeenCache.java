package io.nodus.pubsub.impl.message;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import com.google.protobuf.ByteString;

/**
 * The {@code seen} cache of gossipsub v1.0 ("Message Cache"): message ids observed within {@code seen_ttl}, at most
 * {@code capacity} of them (the oldest go first). The time an id was first seen counts; seeing it again does not
 * extend it. Thread-safe.
 */
public final class SeenCache {

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier clock;
    private final LinkedHashMap<ByteString, Long> expiries = new LinkedHashMap<>();

    public SeenCache(Duration ttl, int capacity, LongSupplier nanoClock) {
        if (capacity < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("seen cache needs a positive ttl and capacity");
        }
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.clock = nanoClock;
    }

    public SeenCache(Duration ttl, int capacity) {
        this(ttl, capacity, System::nanoTime);
    }

    public synchronized boolean contains(ByteString id) {
        expire(clock.getAsLong());
        return expiries.containsKey(id);
    }

    /** @return true when the id was not seen before (so the caller is the first to process the message) */
    public synchronized boolean add(ByteString id) {
        long now = clock.getAsLong();
        expire(now);
        if (expiries.containsKey(id)) {
            return false;
        }
        if (expiries.size() >= capacity) {
            Iterator<ByteString> it = expiries.keySet().iterator();
            it.next();
            it.remove();
        }
        expiries.put(id, now + ttlNanos);
        return true;
    }

    public synchronized int size() {
        expire(clock.getAsLong());
        return expiries.size();
    }

    /** Insertion order is expiry order (one ttl for all), so expired ids are a prefix. */
    private void expire(long now) {
        for (Iterator<Map.Entry<ByteString, Long>> it = expiries.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue() - now > 0) {
                return;
            }
            it.remove();
        }
    }
}
