package io.nodus.transport.impl.yamux;

import java.util.ArrayDeque;
import java.util.function.LongPredicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The receive side of one stream (spec "Flow Control"): bytes the remote sent that the application has not read,
 * and the window we granted. It never holds more than we granted. Not thread-safe: the stream's lock guards it.
 */
final class YamuxReceiveBuffer {

    /** The window doubles when the reader drained half of it within this many round trips (as go-yamux). */
    static final int WINDOW_GROWTH_RTTS = 4;

    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private final int maxWindow;
    private int buffered;
    private int window = YamuxConfig.INITIAL_WINDOW;
    /** Bytes the remote may still send before our next window update. */
    private long credit = YamuxConfig.INITIAL_WINDOW;
    private long epoch = System.nanoTime();

    YamuxReceiveBuffer(int maxWindow) {
        this.maxWindow = maxWindow;
    }

    /** Charges {@code length} received bytes to the remote's credit; false when they exceed it. */
    boolean charge(int length) {
        if (length > credit) {
            return false;
        }
        credit -= length;
        return true;
    }

    long credit() {
        return credit;
    }

    /** Keeps {@code data} (already charged) for the reader; takes ownership. */
    void add(ByteBuf data) {
        chunks.addLast(data);
        buffered += data.readableBytes();
    }

    /** Copies up to {@code len} buffered bytes into {@code b}; returns how many (0 when empty). */
    int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            ByteBuf head = chunks.peekFirst();
            if (head == null) {
                break;
            }
            int k = Math.min(len - n, head.readableBytes());
            head.readBytes(b, off + n, k);
            n += k;
            if (!head.isReadable()) {
                chunks.pollFirst().release();
            }
        }
        buffered -= n;
        return n;
    }

    /** Drops (and releases) everything buffered; it counts as consumed. */
    void discard() {
        for (ByteBuf chunk; (chunk = chunks.pollFirst()) != null;) {
            chunk.release();
        }
        buffered = 0;
    }

    /**
     * Replaces the buffered chunks by one heap copy: their (pooled) buffers go back now, and a reader that
     * abandons the stream leaves nothing that needs releasing.
     */
    void moveToHeap() {
        if (buffered == 0) {
            return;
        }
        byte[] copy = new byte[buffered];
        read(copy, 0, copy.length);
        add(Unpooled.wrappedBuffer(copy));
    }

    int buffered() {
        return buffered;
    }

    int window() {
        return window;
    }

    /**
     * The window delta to send now, or 0: an update goes out once the reader consumed half the window. When that
     * took less than {@link #WINDOW_GROWTH_RTTS} round trips the window doubles (up to the maximum), if
     * {@code reserveGrowth} grants the extra bytes.
     */
    int updateDue(long rttNanos, LongPredicate reserveGrowth) {
        long consumed = window - credit - buffered;
        if (consumed < window / 2) {
            return 0;
        }
        long now = System.nanoTime();
        if (rttNanos > 0 && window < maxWindow && now - epoch < WINDOW_GROWTH_RTTS * rttNanos) {
            int grown = (int) Math.min(2L * window, maxWindow);
            if (reserveGrowth.test(grown - window)) {
                window = grown;
            }
        }
        epoch = now;
        int delta = (int) (window - credit - buffered);
        credit += delta;
        return delta;
    }
}
