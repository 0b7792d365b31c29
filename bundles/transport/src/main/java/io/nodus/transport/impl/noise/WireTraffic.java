package io.nodus.transport.impl.noise;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes one connection moved on the wire as Noise messages (length prefixes, handshake and transport frames),
 * each also added to the host-wide totals it was made from. Counted per read and per written batch of frames,
 * so the cost is one {@link LongAdder} add per side and event, not per byte.
 */
public final class WireTraffic {

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final WireTraffic totals;

    private WireTraffic(WireTraffic totals) {
        this.totals = totals;
    }

    /** Host-wide totals. */
    public static WireTraffic totals() {
        return new WireTraffic(null);
    }

    /** A new connection's counters, adding to these totals. */
    public WireTraffic connection() {
        return new WireTraffic(this);
    }

    void sent(long bytes) {
        sent.add(bytes);
        if (totals != null) {
            totals.sent.add(bytes);
        }
    }

    void received(long bytes) {
        received.add(bytes);
        if (totals != null) {
            totals.received.add(bytes);
        }
    }

    public long bytesSent() {
        return sent.sum();
    }

    public long bytesReceived() {
        return received.sum();
    }
}
