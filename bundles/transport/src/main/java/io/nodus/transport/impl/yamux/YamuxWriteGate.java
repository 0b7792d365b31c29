package io.nodus.transport.impl.yamux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Holds writers back while the connection's outbound buffer is above its high-water mark, so that a peer that
 * stops reading costs us at most that much memory (plus one frame per writer), not the sum of all windows.
 */
final class YamuxWriteGate {

    /**
     * Netty's default marks (32/64 KiB) would stop a writer after every 64 KiB frame; the gate raises them to at
     * least these.
     */
    static final int WRITE_BUFFER_LOW = 512 * 1024;
    static final int WRITE_BUFFER_HIGH = 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private volatile Channel channel;
    private volatile boolean closed;

    void attach(Channel channel) {
        WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        if (marks.high() < WRITE_BUFFER_HIGH) {
            channel.config().setWriteBufferWaterMark(
                    new WriteBufferWaterMark(Math.max(marks.low(), WRITE_BUFFER_LOW), WRITE_BUFFER_HIGH));
        }
        this.channel = channel;
    }

    /**
     * Blocks until the connection is writable. {@code beforeWait} runs before each wait: the writer must flush
     * what it wrote, since only flushed bytes drain (writability also flickers while the event loop takes in a
     * write, so a writer that saw "writable" a moment ago cannot skip this). Throws
     * {@code IOException("stream reset")} when the session closes or {@code abandoned} turns true (the writer's
     * stream was reset).
     */
    void await(BooleanSupplier abandoned, Runnable beforeWait) throws IOException {
        Channel ch = channel;
        if (ch.isWritable()) {
            return;
        }
        lock.lock();
        try {
            while (!ch.isWritable()) {
                if (closed || !ch.isActive() || abandoned.getAsBoolean()) {
                    throw new IOException(YamuxStream.STREAM_RESET);
                }
                beforeWait.run();
                writable.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the connection to drain");
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting writer to look again (writability changed, a stream reset). */
    void wake() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No writer waits any more: they all fail. */
    void close() {
        closed = true;
        wake();
    }
}
