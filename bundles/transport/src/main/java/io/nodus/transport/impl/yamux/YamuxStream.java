package io.nodus.transport.impl.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;

/**
 * One yamux stream, read and written with blocking calls from application threads while the session's event
 * loop delivers frames. Flow control (spec "Flow Control"): we grant the remote a receive window (256 KiB,
 * doubled up to {@link YamuxConfig#maxReceiveWindow()} while the reader keeps up) and never buffer more than we
 * granted; a writer blocks while the remote's window is used up. Reading returns -1 after the remote's FIN;
 * after a reset reading and writing throw {@code IOException("stream reset")}.
 */
public final class YamuxStream implements Closeable {

    public static final String STREAM_RESET = "stream reset";
    /** Spec window deltas and sizes are unsigned 32-bit. */
    static final long MAX_WINDOW = 0xFFFF_FFFFL;

    private final YamuxSession session;
    private final int id;
    private final boolean outbound;
    private final InputStream input = new Input();
    private final OutputStream output;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    /** Serialises writers and the FIN so that frames leave in order (shared with {@link YamuxStreamOutput}). */
    private final ReentrantLock writeLock = new ReentrantLock();

    // guarded by lock (the flags are volatile only so that the state queries need not lock)
    private final YamuxReceiveBuffer received;
    private long sendWindow = YamuxConfig.INITIAL_WINDOW;
    private volatile boolean localFin;
    private volatile boolean remoteFin;
    private volatile boolean readClosed;
    private volatile boolean reset;
    /** The session ended after the remote's FIN: what it sent stays readable, writing fails. */
    private volatile boolean writeAborted;
    /** Readers blocked waiting for data. */
    private int waitingReaders;
    /** Data arrived for a waiting reader and the session will wake it at the end of its read batch. */
    private boolean wakeQueued;

    /** Inbound: we still owe the ACK. Outbound: the remote still owes it. */
    private final AtomicBoolean ackPending = new AtomicBoolean(true);
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** What runs once the stream is terminated; {@link #TERMINATED} after that. */
    private final AtomicReference<Runnable> terminationAction = new AtomicReference<>();
    private static final Runnable TERMINATED = () -> { };
    private volatile ScheduledFuture<?> closeTimeout;

    YamuxStream(YamuxSession session, int id, boolean outbound, YamuxConfig config) {
        this.session = session;
        this.id = id;
        this.outbound = outbound;
        this.output = new YamuxStreamOutput(this, session, config.sendFramePayload(), writeLock);
        this.received = new YamuxReceiveBuffer(config.maxReceiveWindow());
    }

    /** The stream id (unsigned 32-bit; odd when the session initiator opened it). */
    public int id() {
        return id;
    }

    /** True when we opened the stream. */
    public boolean isOutbound() {
        return outbound;
    }

    public YamuxSession session() {
        return session;
    }

    /** Reads block until data, the remote's FIN (-1) or a reset ({@code IOException("stream reset")}). */
    public InputStream input() {
        return input;
    }

    /** Writes block while the remote's window is used up; {@code close()} half-closes (FIN). */
    public OutputStream output() {
        return output;
    }

    /** Half-close (FIN): we send no more; the remote may go on writing. Waits for a write in progress. */
    public void closeWrite() {
        writeLock.lock();
        try {
            boolean bothClosed;
            lock.lock();
            try {
                if (reset || writeAborted || localFin) {
                    return;
                }
                localFin = true;
                bothClosed = remoteFin;
            } finally {
                lock.unlock();
            }
            session.send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_FIN, 0));
            if (bothClosed) {
                session.streamTerminated(this);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Aborts both directions (RST); blocked readers and writers get {@code IOException("stream reset")}. */
    public void reset() {
        if (markReset(false)) {
            session.send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
            session.streamTerminated(this);
        }
    }

    /**
     * Stops reading (unread and later data are discarded, still credited so the remote can finish) and
     * half-closes. The stream is released when the remote closes too, or reset after
     * {@link YamuxConfig#streamCloseTimeout()}.
     */
    @Override
    public void close() {
        closeRead();
        closeWrite();
        if (!terminated.get()) {
            session.scheduleCloseTimeout(this);
        }
    }

    /**
     * Runs {@code action} once the stream is over (reset, or closed both ways, or its session ended), at once if
     * it already is. One action per stream; it must be quick and must not block.
     */
    public void whenTerminated(Runnable action) {
        if (!terminationAction.compareAndSet(null, action)) {
            if (terminationAction.get() != TERMINATED) {
                throw new IllegalStateException("a termination action is already set on " + this);
            }
            action.run();
        }
    }

    public boolean isReset() {
        return reset;
    }

    /** True once we sent our FIN. */
    public boolean isWriteClosed() {
        return localFin;
    }

    /** True once the remote sent its FIN. */
    public boolean isRemoteClosed() {
        return remoteFin;
    }

    /** True when the stream is done: reset, or closed by both sides. */
    public boolean isClosed() {
        return reset || writeAborted || (localFin && remoteFin);
    }

    @Override
    public String toString() {
        return "YamuxStream[" + Integer.toUnsignedString(id) + (outbound ? " out" : " in") + "]";
    }

    // ---- called by the session on its event loop ----

    /** Data from the remote; takes ownership of {@code data} (non-empty). */
    void onData(ByteBuf data) throws YamuxException {
        int length = data.readableBytes();
        int delta = 0;
        boolean wake = false;
        lock.lock();
        try {
            if (reset) {
                data.release();
                return;
            }
            if (remoteFin) {
                data.release();
                throw YamuxException.stream(id, "data after FIN on stream " + Integer.toUnsignedString(id));
            }
            if (!received.charge(length)) {
                data.release();
                throw YamuxException.protocol("stream " + Integer.toUnsignedString(id) + ": " + length
                        + " bytes exceed the receive window of " + received.credit());
            }
            if (readClosed) {
                data.release();
                delta = windowUpdateDue();
            } else {
                received.add(data);
                // one wake-up per read batch, not per frame: a reader woken for every 64 KiB frame costs two
                // context switches each
                wake = waitingReaders > 0 && !wakeQueued;
                wakeQueued |= wake;
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            session.wakeReaderLater(this);
        }
        sendWindowUpdate(delta);
    }

    /** Wakes the readers waiting for the data {@link #onData} queued a wake-up for (event loop). */
    void wakeReaders() {
        lock.lock();
        try {
            wakeQueued = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onWindowUpdate(long delta) throws YamuxException {
        if (delta == 0) {
            return;
        }
        lock.lock();
        try {
            sendWindow += delta;
            if (sendWindow > MAX_WINDOW) {
                throw YamuxException.protocol("send window of stream " + Integer.toUnsignedString(id)
                        + " overflows 32 bits");
            }
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The remote's FIN; true when both sides are now closed. */
    boolean onRemoteFin() {
        lock.lock();
        try {
            if (reset || remoteFin) {
                return false;
            }
            remoteFin = true;
            readable.signalAll();
            return localFin;
        } finally {
            lock.unlock();
        }
    }

    /** A reset by the remote or a refusal: no frame is sent. */
    void resetQuietly() {
        markReset(true);
    }

    /**
     * The session ended. A stream the remote had finished (FIN) keeps the data it sent, readable up to -1, as
     * go-yamux does; any other stream is reset.
     */
    void onSessionClosed() {
        lock.lock();
        try {
            if (remoteFin && !reset) {
                writeAborted = true;
                writable.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        markReset(true);
    }

    /** Inbound: sends the ACK if still owed. Outbound: records the remote's ACK. True if this call did it. */
    boolean acknowledge() {
        if (!ackPending.compareAndSet(true, false)) {
            return false;
        }
        if (!outbound) {
            session.send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_ACK, 0));
        }
        return true;
    }

    /** On termination: whether an ACK was still pending (for the backlog counts). */
    boolean clearAckPending() {
        return ackPending.compareAndSet(true, false);
    }

    boolean markTerminated() {
        ScheduledFuture<?> timeout = closeTimeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!terminated.compareAndSet(false, true)) {
            return false;
        }
        Runnable action = terminationAction.getAndSet(TERMINATED);
        if (action != null) {
            action.run();
        }
        return true;
    }

    /**
     * The stream left the session's table. Data still unread moves to the heap: the pooled buffers go back now,
     * and an application that abandons the stream without reading or closing it leaks nothing.
     */
    void onRemoved() {
        lock.lock();
        try {
            received.moveToHeap();
        } finally {
            lock.unlock();
        }
    }

    void closeTimeout(ScheduledFuture<?> timeout) {
        closeTimeout = timeout;
        if (terminated.get()) {
            timeout.cancel(false);
        }
    }

    /** Window growth above the initial window this stream holds from the session's budget. */
    long windowGrowth() {
        lock.lock();
        try {
            return received.window() - YamuxConfig.INITIAL_WINDOW;
        } finally {
            lock.unlock();
        }
    }

    int bufferedBytes() {
        lock.lock();
        try {
            return received.buffered();
        } finally {
            lock.unlock();
        }
    }

    int receiveWindow() {
        lock.lock();
        try {
            return received.window();
        } finally {
            lock.unlock();
        }
    }

    long sendWindow() {
        lock.lock();
        try {
            return sendWindow;
        } finally {
            lock.unlock();
        }
    }

    // ---- internals ----

    private boolean markReset(boolean evenIfClosed) {
        lock.lock();
        try {
            if (reset || (!evenIfClosed && localFin && remoteFin)) {
                return false;
            }
            reset = true;
            received.discard();
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        session.wakeWriters();
        return true;
    }

    private void closeRead() {
        int delta;
        lock.lock();
        try {
            readClosed = true;
            received.discard();
            delta = windowUpdateDue();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        sendWindowUpdate(delta);
    }

    /** Under lock. No update once the remote has finished sending or the stream is reset. */
    private int windowUpdateDue() {
        return remoteFin || reset ? 0 : received.updateDue(session.rttNanos(), session::reserveWindowGrowth);
    }

    private void sendWindowUpdate(int delta) {
        if (delta > 0) {
            session.send(YamuxFrame.windowUpdate(id, 0, delta));
        }
    }

    private int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        session.checkNotEventLoop();
        if (len == 0) {
            return 0;
        }
        int n;
        int delta;
        lock.lock();
        try {
            while (received.buffered() == 0) {
                if (reset) {
                    throw new IOException(STREAM_RESET);
                }
                if (remoteFin || readClosed) {
                    return -1;
                }
                waitingReaders++;
                try {
                    await(readable);
                } finally {
                    waitingReaders--;
                }
            }
            n = received.read(b, off, len);
            delta = windowUpdateDue();
        } finally {
            lock.unlock();
        }
        sendWindowUpdate(delta);
        return n;
    }

    /**
     * For the writer: waits until the remote's window is open, takes up to {@code max} bytes of it and returns
     * how many. {@code beforeWait} runs before blocking (the writer flushes what it wrote).
     */
    int takeSendWindow(int max, Runnable beforeWait) throws IOException {
        lock.lock();
        try {
            while (true) {
                checkWritable();
                if (sendWindow > 0) {
                    int n = (int) Math.min(max, sendWindow);
                    sendWindow -= n;
                    return n;
                }
                beforeWait.run();
                await(writable);
            }
        } finally {
            lock.unlock();
        }
    }

    void checkWritable() throws IOException {
        if (reset || writeAborted) {
            throw new IOException(STREAM_RESET);
        }
        if (localFin) {
            throw new IOException("stream closed for writing");
        }
    }

    private static void await(Condition condition) throws InterruptedIOException {
        try {
            condition.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a yamux stream");
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return YamuxStream.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return YamuxStream.this.read(b, off, len);
        }

        @Override
        public int available() {
            return bufferedBytes();
        }

        /** Stops reading only; the write side stays open. */
        @Override
        public void close() {
            closeRead();
        }
    }
}
