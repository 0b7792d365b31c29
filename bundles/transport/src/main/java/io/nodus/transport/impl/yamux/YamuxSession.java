package io.nodus.transport.impl.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;

/**
 * A yamux session (spec {@code /yamux/1.0.0}) on one secured connection, as the last handler of its pipeline.
 * On {@code handlerAdded} it puts a {@link YamuxFrameCodec} in front of itself (unless the pipeline has one) and
 * raises the channel's write-buffer water marks (see {@link YamuxWriteGate}). The initiator (dialer) opens odd
 * stream ids, the responder even ones. Inbound streams are acknowledged and handed to {@code inboundStreams} on
 * {@code executor}, never on the event loop; futures complete there too. Connection-scope violations end the
 * session with GoAway(protocol error); stream-scope ones reset the stream. Closing the channel (or
 * {@link #close()}) sends GoAway(normal) and resets every stream.
 */
public final class YamuxSession extends ChannelDuplexHandler implements Closeable {

    private static final System.Logger LOG = System.getLogger(YamuxSession.class.getName());

    private final YamuxConfig config;
    private final Executor executor;
    private final YamuxStreamTable table;
    private final YamuxPingTracker pings;
    private final YamuxWriteGate writeGate = new YamuxWriteGate();
    private final CompletableFuture<ChannelHandlerContext> attached = new CompletableFuture<>();
    private final CompletableFuture<Integer> remoteGoAway = new CompletableFuture<>();

    private volatile ChannelHandlerContext ctx;
    private volatile boolean localGoAway;
    private volatile boolean remoteGoneAway;
    private volatile boolean closed;
    private boolean started; // event loop only
    /** Streams that received data for a waiting reader during this read batch (event loop only). */
    private final ArrayDeque<YamuxStream> readersToWake = new ArrayDeque<>();

    /**
     * @param initiator      true on the side that dialed (odd stream ids)
     * @param config         limits and timers
     * @param executor       runs {@code inboundStreams} and completes futures; must not be the event loop
     * @param inboundStreams receives each accepted inbound stream (already acknowledged)
     */
    public YamuxSession(boolean initiator, YamuxConfig config, Executor executor,
            Consumer<YamuxStream> inboundStreams) {
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(inboundStreams, "inboundStreams");
        this.table = new YamuxStreamTable(this, initiator, config, executor, inboundStreams, this::refusalToOpen);
        this.pings = new YamuxPingTracker(config, executor);
    }

    // ---- public API ----

    /** Opens a stream; completes once the SYN is sent (data may follow at once), or fails with {@link YamuxException}. */
    public CompletableFuture<YamuxStream> openStream() {
        CompletableFuture<YamuxStream> result = new CompletableFuture<>();
        onEventLoop(result, () -> table.open(result));
        return result;
    }

    /** Blocking {@link #openStream()}. */
    public YamuxStream openStream(Duration timeout) throws IOException {
        CompletableFuture<YamuxStream> result = openStream();
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (result.cancel(false)) {
                throw new IOException("timed out opening a yamux stream after " + timeout);
            }
            return result.join();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening a yamux stream");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Measures the round trip with a Ping (spec "Type Field"). */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> result = new CompletableFuture<>();
        onEventLoop(result, () -> {
            if (closed) {
                failOffLoop(executor, result, new IOException("session closed"));
            } else {
                pings.ping(ctx, result);
            }
        });
        return result;
    }

    /** Sends GoAway(normal): the remote may open no more streams, neither may we; open streams carry on. */
    public void goAway() {
        onEventLoop(null, () -> {
            if (!localGoAway && !closed) {
                localGoAway = true;
                ctx.writeAndFlush(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL));
            }
        });
    }

    /** Completes with the error code when the remote sends GoAway. */
    public CompletableFuture<Integer> remoteGoAway() {
        return remoteGoAway;
    }

    /** Sends GoAway(normal) and closes the connection; every stream is reset. */
    @Override
    public void close() {
        attached.thenAccept(c -> c.channel().close());
    }

    /** True while frames flow (attached, connection open, no fatal error). */
    public boolean isOpen() {
        ChannelHandlerContext c = ctx;
        return c != null && !closed && c.channel().isActive();
    }

    /** True when new streams can be opened: open and no GoAway sent or received. */
    public boolean acceptsNewStreams() {
        return isOpen() && !localGoAway && !remoteGoneAway;
    }

    public int streamCount() {
        return table.size();
    }

    /** The last round trip measured by a ping, if any. */
    public Optional<Duration> rtt() {
        long rtt = pings.rttNanos();
        return rtt == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt));
    }

    /** The channel, or null before the session is in a pipeline. */
    public Channel channel() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : c.channel();
    }

    // ---- Netty events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        writeGate.attach(ctx.channel());
        if (ctx.pipeline().get(YamuxFrameCodec.class) == null) {
            ctx.pipeline().addBefore(ctx.name(), null, new YamuxFrameCodec(config.maxFramePayload()));
        }
        if (ctx.channel().isActive()) {
            start();
        }
        attached.complete(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!closed) {
                switch (frame.type()) {
                    case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
                    case PING -> pings.onPing(ctx, frame);
                    case GO_AWAY -> onGoAway(frame);
                }
            }
        } catch (YamuxException e) {
            failSession(e);
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        wakeReaders();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeGate.wake();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        teardown(new IOException("connection closed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof YamuxException e) {
            failSession(e);
            return;
        }
        if (!closed) {
            LOG.log(Level.DEBUG, "yamux session with {0} failed: {1}", ctx.channel().remoteAddress(), t.toString());
        }
        ctx.close();
    }

    /** Sends GoAway(normal) before the connection closes, when it is still open. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!localGoAway && !closed && ctx.channel().isActive()) {
            localGoAway = true;
            ctx.writeAndFlush(YamuxFrame.goAway(YamuxFrame.GO_AWAY_NORMAL));
        }
        ctx.close(promise);
    }

    // ---- inbound frames (event loop) ----

    private void onStreamFrame(YamuxFrame frame) throws YamuxException {
        int id = frame.streamId();
        if (id == YamuxFrame.SESSION_ID) {
            throw YamuxException.protocol(frame.type() + " frame on the session id 0");
        }
        YamuxStream stream = table.get(id);
        if (frame.hasFlag(YamuxFrame.FLAG_SYN)) {
            if (stream != null) {
                throw YamuxException.protocol("SYN for stream " + Integer.toUnsignedString(id) + " already open");
            }
            stream = table.accept(id);
        }
        if (stream == null) {
            // refused, or closed/reset while this frame was under way: drop it; data on a stream that is over
            // (and not itself a reset) gets an RST, so a sender that missed the end stops
            if (frame.type() == YamuxFrameType.DATA && frame.content().isReadable()
                    && !frame.hasFlag(YamuxFrame.FLAG_RST | YamuxFrame.FLAG_SYN) && table.wasOpened(id)) {
                send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
            }
            return;
        }
        if (frame.hasFlag(YamuxFrame.FLAG_ACK) && stream.isOutbound() && stream.acknowledge()) {
            table.outboundAcknowledged();
        }
        try {
            if (frame.type() == YamuxFrameType.WINDOW_UPDATE) {
                stream.onWindowUpdate(frame.lengthUnsigned());
            } else if (frame.content().isReadable()) {
                stream.onData(frame.content().retain());
            }
        } catch (YamuxException e) {
            if (e.scope() == YamuxException.Scope.CONNECTION) {
                throw e;
            }
            LOG.log(Level.DEBUG, "yamux stream {0} reset: {1}", stream, e.getMessage());
            stream.resetQuietly();
            send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
            streamTerminated(stream);
            return;
        }
        if (frame.hasFlag(YamuxFrame.FLAG_FIN) && stream.onRemoteFin()) {
            streamTerminated(stream);
        }
        if (frame.hasFlag(YamuxFrame.FLAG_RST)) {
            stream.resetQuietly();
            streamTerminated(stream);
        }
    }

    private void onGoAway(YamuxFrame frame) throws YamuxException {
        if (frame.streamId() != YamuxFrame.SESSION_ID) {
            throw YamuxException.protocol("GoAway on stream " + Integer.toUnsignedString(frame.streamId()));
        }
        int code = frame.length();
        remoteGoneAway = true;
        completeOffLoop(executor, remoteGoAway, code);
        table.failQueuedOpens("remote sent GoAway");
        if (code != YamuxFrame.GO_AWAY_NORMAL) {
            LOG.log(Level.INFO, "yamux session with {0} ended by the remote, GoAway code {1}",
                    ctx.channel().remoteAddress(), Integer.toUnsignedString(code));
            teardown(new IOException("remote ended the session, GoAway code " + Integer.toUnsignedString(code)));
            ctx.close();
        }
    }

    // ---- lifecycle (event loop) ----

    /** Why no new stream may be opened, either way, or null. */
    private String refusalToOpen() {
        return closed ? "session closed" : localGoAway ? "session is going away"
                : remoteGoneAway ? "remote sent GoAway" : null;
    }

    private void start() {
        if (!started) {
            started = true;
            pings.start(ctx, () -> failSession(YamuxException.internal(
                    "keep-alive ping unanswered for " + config.keepAliveTimeout())));
        }
    }

    // ---- ending (event loop) ----

    private void failSession(YamuxException e) {
        if (closed) {
            return;
        }
        ChannelHandlerContext c = ctx;
        LOG.log(Level.INFO, "yamux session with {0} closed: {1}", c.channel().remoteAddress(), e.getMessage());
        teardown(e);
        c.writeAndFlush(YamuxFrame.goAway(e.goAwayCode()));
        c.close();
    }

    private void teardown(IOException cause) {
        if (closed) {
            return;
        }
        closed = true;
        localGoAway = true;
        for (YamuxStream stream : table.snapshot()) {
            stream.onSessionClosed();
            streamTerminated(stream);
        }
        table.failQueuedOpens("session closed");
        pings.stop(cause);
        writeGate.close();
    }

    // ---- for YamuxStream, from any thread ----

    void send(YamuxFrame frame) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            frame.release();
            return;
        }
        c.writeAndFlush(frame);
    }

    /** Writes without flushing; the caller flushes ({@link #flush()}). */
    void write(YamuxFrame frame) {
        ctx.write(frame);
    }

    void flush() {
        ctx.flush();
    }

    /** Blocks while the connection is not writable; {@code flush} runs before any wait. */
    void awaitWritable(YamuxStream stream, Runnable flush) throws IOException {
        writeGate.await(stream::isReset, flush);
    }

    /**
     * Wakes the readers of {@code stream} once the current read batch is done (at read-complete, or by a task on
     * the event loop if frames came another way), so a reader takes several frames per wake-up. Event loop only.
     */
    void wakeReaderLater(YamuxStream stream) {
        boolean first = readersToWake.isEmpty();
        readersToWake.add(stream);
        if (first) {
            try {
                ctx.executor().execute(this::wakeReaders);
            } catch (RejectedExecutionException e) {
                wakeReaders(); // the event loop is shutting down
            }
        }
    }

    private void wakeReaders() {
        for (YamuxStream stream; (stream = readersToWake.poll()) != null;) {
            stream.wakeReaders();
        }
    }

    void wakeWriters() {
        writeGate.wake();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    long rttNanos() {
        return pings.rttNanos();
    }

    boolean reserveWindowGrowth(long bytes) {
        return table.reserveWindowGrowth(bytes);
    }

    void checkNotEventLoop() {
        ChannelHandlerContext c = ctx;
        if (c != null && c.executor().inEventLoop()) {
            throw new IllegalStateException("blocking yamux stream I/O on the event loop");
        }
    }

    void scheduleCloseTimeout(YamuxStream stream) {
        try {
            stream.closeTimeout(ctx.executor().schedule(() -> {
                if (!stream.isClosed()) {
                    LOG.log(Level.DEBUG, "yamux stream {0} reset: remote did not close", stream);
                    stream.reset();
                }
            }, config.streamCloseTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            stream.resetQuietly(); // the event loop is gone, and the session with it
        }
    }

    void streamTerminated(YamuxStream stream) {
        if (stream.markTerminated()) {
            onEventLoop(null, () -> table.remove(stream));
        }
    }

    // ---- plumbing ----

    /** Runs {@code task} on the event loop once attached; if the loop is gone, fails {@code result} (if any). */
    private void onEventLoop(CompletableFuture<?> result, Runnable task) {
        attached.thenAccept(c -> {
            try {
                if (c.executor().inEventLoop()) {
                    task.run();
                } else {
                    c.executor().execute(task);
                }
            } catch (RejectedExecutionException e) {
                if (result != null) {
                    result.completeExceptionally(new IOException("session closed"));
                }
            }
        });
    }

    static <T> void completeOffLoop(Executor executor, CompletableFuture<T> future, T value) {
        try {
            executor.execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value);
        }
    }

    static void failOffLoop(Executor executor, CompletableFuture<?> future, Throwable cause) {
        try {
            executor.execute(() -> future.completeExceptionally(cause));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(cause);
        }
    }
}
