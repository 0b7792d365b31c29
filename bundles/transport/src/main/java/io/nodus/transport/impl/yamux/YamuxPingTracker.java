package io.nodus.transport.impl.yamux;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;

/**
 * Ping frames of one session (spec "Type Field", Ping: SYN asks, ACK echoes the opaque value): our pings and the
 * round-trip time they measure, answers to the remote's, and the keep-alive. Used on the session's event loop
 * only, except {@link #rttNanos()}; futures complete on the session's executor.
 */
final class YamuxPingTracker {

    /** Pings we wait for at once; one more fails fast instead of growing the table. */
    static final int MAX_OUTSTANDING = 64;
    /** Answers the remote leaves unread (queued, unwritten) before we call it a ping flood. */
    static final int MAX_QUEUED_ANSWERS = 1024;

    private record Outstanding(long sentAt, CompletableFuture<Duration> result) {
    }

    private final YamuxConfig config;
    private final Executor executor;
    private final Map<Integer, Outstanding> outstanding = new HashMap<>();
    private int nextOpaque = 1;
    private int queuedAnswers;
    private volatile long rttNanos;
    private ScheduledFuture<?> keepAlive;
    private boolean keepAlivePending;
    private int keepAliveOpaque;
    private long keepAliveSentAt;

    YamuxPingTracker(YamuxConfig config, Executor executor) {
        this.config = config;
        this.executor = executor;
    }

    /** Sends a ping; {@code result} completes with the round trip. */
    void ping(ChannelHandlerContext ctx, CompletableFuture<Duration> result) {
        if (outstanding.size() >= MAX_OUTSTANDING) {
            YamuxSession.failOffLoop(executor, result, new IOException("too many pings outstanding"));
            return;
        }
        int opaque = nextOpaque++;
        outstanding.put(opaque, new Outstanding(System.nanoTime(), result));
        ctx.writeAndFlush(YamuxFrame.ping(YamuxFrame.FLAG_SYN, opaque));
        if (keepAlive != null && !keepAlivePending) {
            keepAlivePending = true;
            keepAliveOpaque = opaque;
            keepAliveSentAt = System.nanoTime();
        }
    }

    /** A Ping frame from the remote: answers a SYN, completes our ping on an ACK. */
    void onPing(ChannelHandlerContext ctx, YamuxFrame frame) throws YamuxException {
        if (frame.streamId() != YamuxFrame.SESSION_ID) {
            throw YamuxException.protocol("ping on stream " + Integer.toUnsignedString(frame.streamId()));
        }
        if (frame.hasFlag(YamuxFrame.FLAG_SYN)) {
            if (queuedAnswers >= MAX_QUEUED_ANSWERS) {
                throw YamuxException.protocol("ping flood: " + queuedAnswers + " answers left unread");
            }
            queuedAnswers++;
            ctx.writeAndFlush(YamuxFrame.ping(YamuxFrame.FLAG_ACK, frame.length())).addListener(f -> queuedAnswers--);
        } else if (frame.hasFlag(YamuxFrame.FLAG_ACK)) {
            answered(frame.length());
        }
    }

    /** Measures the RTT once (window auto-tuning needs it) and starts the keep-alive, if configured. */
    void start(ChannelHandlerContext ctx, Runnable onKeepAliveTimeout) {
        ping(ctx, new CompletableFuture<>());
        long interval = config.keepAliveInterval().toNanos();
        if (interval > 0) {
            keepAlive = ctx.executor().scheduleAtFixedRate(() -> {
                if (!keepAlivePending) {
                    ping(ctx, new CompletableFuture<>());
                } else if (System.nanoTime() - keepAliveSentAt > config.keepAliveTimeout().toNanos()) {
                    onKeepAliveTimeout.run();
                }
            }, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the keep-alive and fails every outstanding ping with {@code cause}. */
    void stop(IOException cause) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        for (Outstanding ping : outstanding.values()) {
            YamuxSession.failOffLoop(executor, ping.result(), cause);
        }
        outstanding.clear();
    }

    /** The last measured round-trip time, 0 before the first answer. Any thread. */
    long rttNanos() {
        return rttNanos;
    }

    private void answered(int opaque) {
        if (keepAlivePending && opaque == keepAliveOpaque) {
            keepAlivePending = false;
        }
        Outstanding ping = outstanding.remove(opaque);
        if (ping == null) {
            return;
        }
        long rtt = Math.max(1, System.nanoTime() - ping.sentAt());
        rttNanos = rtt;
        YamuxSession.completeOffLoop(executor, ping.result(), Duration.ofNanos(rtt));
    }
}
