package io.nodus.transport.impl.yamux;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The streams of one session and the limits on them: id parity and order (spec "StreamID Field"), the stream
 * limit, the ACK backlog in each direction (spec "ACK backlog & backpressure") and the session's budget for
 * receive-window growth. Opens our streams and admits the remote's. Used on the session's event loop, except where marked "any thread".
 */
final class YamuxStreamTable {

    private static final System.Logger LOG = System.getLogger(YamuxStreamTable.class.getName());

    /** Spec "StreamID Field": ids are unsigned 32-bit. */
    static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

    private final YamuxSession session;
    private final boolean initiator;
    private final YamuxConfig config;
    private final Executor executor;
    private final Consumer<YamuxStream> inboundStreams;
    /** Why the session opens no stream now (closed, GoAway), or null. */
    private final Supplier<String> sessionRefusal;
    private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger inboundUnacked = new AtomicInteger();
    private final AtomicLong windowGrowth = new AtomicLong();
    /** Opens waiting for the remote to acknowledge earlier streams (bounded by the stream limit). */
    private final ArrayDeque<CompletableFuture<YamuxStream>> queuedOpens = new ArrayDeque<>();
    private long nextOutboundId;
    private long lastInboundId;
    private int outboundUnacked;

    YamuxStreamTable(YamuxSession session, boolean initiator, YamuxConfig config, Executor executor,
            Consumer<YamuxStream> inboundStreams, Supplier<String> sessionRefusal) {
        this.session = session;
        this.initiator = initiator;
        this.config = config;
        this.executor = executor;
        this.inboundStreams = inboundStreams;
        this.sessionRefusal = sessionRefusal;
        this.nextOutboundId = initiator ? 1 : 2;
    }

    YamuxStream get(int id) {
        return streams.get(id);
    }

    /** Any thread. */
    int size() {
        return streams.size();
    }

    List<YamuxStream> snapshot() {
        return new ArrayList<>(streams.values());
    }

    /**
     * A SYN from the remote (spec "Opening a stream"): the wrong id parity or a reused id is a protocol error; over
     * a limit, or while the session goes away, the stream is refused with RST. An accepted stream is acknowledged
     * and handed to the application on the executor. Returns the stream, or null when refused.
     */
    YamuxStream accept(int id) throws YamuxException {
        long uid = Integer.toUnsignedLong(id);
        if (((uid & 1) == 1) == initiator) {
            throw YamuxException.protocol("remote opened stream " + uid + " with our id parity");
        }
        if (uid <= lastInboundId) {
            throw YamuxException.protocol("remote reused stream id " + uid);
        }
        lastInboundId = uid;
        String refusal = sessionRefusal.get();
        if (refusal == null && streams.size() >= config.maxStreams()) {
            refusal = "stream limit of " + config.maxStreams() + " reached";
        } else if (refusal == null && inboundUnacked.get() >= config.maxAckBacklog()) {
            refusal = "ACK backlog of " + config.maxAckBacklog() + " full";
        }
        YamuxStream stream = null;
        if (refusal == null) {
            stream = new YamuxStream(session, id, false, config);
            streams.put(id, stream);
            inboundUnacked.incrementAndGet();
            try {
                YamuxStream accepted = stream;
                executor.execute(() -> handOver(accepted));
                return stream;
            } catch (RejectedExecutionException e) {
                refusal = "executor rejected the stream";
            }
        }
        LOG.log(Level.DEBUG, "yamux refused inbound stream {0}: {1}", Long.toString(uid), refusal);
        session.send(YamuxFrame.windowUpdate(id, YamuxFrame.FLAG_RST, 0));
        if (stream != null) {
            stream.resetQuietly();
            session.streamTerminated(stream);
        }
        return null;
    }

    /** On the executor: acknowledge (spec "ACK backlog": once the application takes the stream), hand over. */
    private void handOver(YamuxStream stream) {
        if (stream.isReset()) {
            return;
        }
        if (stream.acknowledge()) {
            inboundUnacked.decrementAndGet();
        }
        try {
            inboundStreams.accept(stream);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "yamux inbound stream handler failed on " + stream, e);
            stream.reset();
        }
    }

    /** True when {@code id} names a stream that was opened on this session, by either side (open or over). */
    boolean wasOpened(int id) {
        long uid = Integer.toUnsignedLong(id);
        boolean remoteParity = ((uid & 1) == 1) != initiator;
        return remoteParity ? uid <= lastInboundId : uid < nextOutboundId;
    }

    /**
     * Opens a stream (sends its SYN) and completes {@code result} with it, or fails it when refused; while the
     * remote has not acknowledged {@link YamuxConfig#maxAckBacklog()} of our streams, the open waits.
     */
    void open(CompletableFuture<YamuxStream> result) {
        if (result.isDone()) {
            return;
        }
        String refusal = sessionRefusal.get();
        if (refusal == null && streams.size() >= config.maxStreams()) {
            refusal = "stream limit of " + config.maxStreams() + " reached";
        } else if (refusal == null && nextOutboundId > MAX_STREAM_ID) {
            refusal = "stream ids exhausted";
        } else if (refusal == null && outboundUnacked >= config.maxAckBacklog()) {
            if (queuedOpens.size() < config.maxStreams()) {
                queuedOpens.addLast(result);
                return;
            }
            refusal = "too many streams waiting for an ACK";
        }
        if (refusal != null) {
            YamuxSession.failOffLoop(executor, result, YamuxException.stream(0, refusal));
            return;
        }
        YamuxStream stream = new YamuxStream(session, (int) nextOutboundId, true, config);
        nextOutboundId += 2;
        streams.put(stream.id(), stream);
        outboundUnacked++;
        session.send(YamuxFrame.windowUpdate(stream.id(), YamuxFrame.FLAG_SYN, 0));
        Runnable handOver = () -> {
            if (!result.complete(stream)) {
                stream.reset(); // the caller gave up waiting
            }
        };
        try {
            executor.execute(handOver);
        } catch (RejectedExecutionException e) {
            handOver.run();
        }
    }

    /** Opens waiting streams while the backlog has room. */
    void openQueued() {
        while (outboundUnacked < config.maxAckBacklog() && !queuedOpens.isEmpty()) {
            open(queuedOpens.pollFirst());
        }
    }

    /** Fails every waiting open. */
    void failQueuedOpens(String reason) {
        for (CompletableFuture<YamuxStream> open; (open = queuedOpens.pollFirst()) != null;) {
            YamuxSession.failOffLoop(executor, open, YamuxException.stream(0, reason));
        }
    }

    /** The remote acknowledged one of our streams. */
    void outboundAcknowledged() {
        outboundUnacked--;
        openQueued();
    }

    /** Forgets a terminated stream: frees its slot, its backlog place and its window growth. */
    void remove(YamuxStream stream) {
        streams.remove(stream.id(), stream);
        stream.onRemoved();
        long growth = stream.windowGrowth();
        if (growth > 0) {
            windowGrowth.addAndGet(-growth);
        }
        if (stream.clearAckPending()) {
            if (stream.isOutbound()) {
                outboundUnacked--;
            } else {
                inboundUnacked.decrementAndGet();
            }
        }
        openQueued();
    }

    /** Any thread: takes {@code bytes} of window growth from the session budget, if it has them. */
    boolean reserveWindowGrowth(long bytes) {
        long budget = config.receiveWindowBudget();
        long before = windowGrowth.getAndUpdate(used -> used + bytes > budget ? used : used + bytes);
        return before + bytes <= budget;
    }
}
