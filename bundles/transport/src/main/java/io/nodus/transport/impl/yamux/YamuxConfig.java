package io.nodus.transport.impl.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of one yamux session. {@link #defaults()} follows go-yamux / js-yamux where they agree.
 *
 * @param maxFramePayload      largest data payload accepted in one frame; a larger one is a protocol error
 * @param sendFramePayload     largest data payload we put in one frame (writes are split at this size)
 * @param maxStreams           open streams per session, inbound and outbound together; more are refused
 * @param maxAckBacklog        streams opened but not yet acknowledged, per direction (spec "ACK backlog")
 * @param maxReceiveWindow     the receive window of a stream never grows past this (auto-tuning)
 * @param receiveWindowBudget  bytes of window growth above {@link #INITIAL_WINDOW} all streams of a session
 *                             may hold together, so auto-tuning cannot multiply memory by the stream count
 * @param keepAliveInterval    a ping is sent this often; {@link Duration#ZERO} disables keep-alive
 * @param keepAliveTimeout     a keep-alive ping unanswered this long ends the session
 * @param streamCloseTimeout   a stream we closed is reset if the remote has not closed it within this time
 */
public record YamuxConfig(int maxFramePayload, int sendFramePayload, int maxStreams, int maxAckBacklog,
        int maxReceiveWindow, long receiveWindowBudget, Duration keepAliveInterval, Duration keepAliveTimeout,
        Duration streamCloseTimeout) {

    /** Spec "Flow Control": every stream starts with a 256 KiB window in each direction. */
    public static final int INITIAL_WINDOW = 256 * 1024;
    public static final int DEFAULT_MAX_RECEIVE_WINDOW = 16 * 1024 * 1024;
    /**
     * Frames up to our largest receive window are accepted: js-yamux sends data frames as large as the window it
     * was granted (seen: 1.5 MB), and the spec sets no frame limit; flow control still bounds what a peer may
     * send.
     */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD = DEFAULT_MAX_RECEIVE_WINDOW;
    /** 64 KiB frames, as go-yamux and js-yamux send: large enough for throughput, small enough to interleave. */
    public static final int DEFAULT_SEND_FRAME_PAYLOAD = 64 * 1024;
    public static final int DEFAULT_MAX_STREAMS = 1024;
    /** Spec "ACK backlog & backpressure": implementations SHOULD allow at most 256. */
    public static final int DEFAULT_MAX_ACK_BACKLOG = 256;
    public static final long DEFAULT_RECEIVE_WINDOW_BUDGET = 64L * 1024 * 1024;
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STREAM_CLOSE_TIMEOUT = Duration.ofMinutes(5);

    public YamuxConfig {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        Objects.requireNonNull(streamCloseTimeout, "streamCloseTimeout");
        if (maxFramePayload < 1 || sendFramePayload < 1 || maxStreams < 1 || maxAckBacklog < 1
                || receiveWindowBudget < 0) {
            throw new IllegalArgumentException("yamux limits must be positive");
        }
        if (maxReceiveWindow < INITIAL_WINDOW) {
            throw new IllegalArgumentException("maxReceiveWindow below the initial window of " + INITIAL_WINDOW);
        }
        if (keepAliveInterval.isNegative() || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()
                || streamCloseTimeout.isNegative() || streamCloseTimeout.isZero()) {
            throw new IllegalArgumentException("yamux timers must be positive (keep-alive interval 0 = off)");
        }
    }

    public static YamuxConfig defaults() {
        return new YamuxConfig(DEFAULT_MAX_FRAME_PAYLOAD, DEFAULT_SEND_FRAME_PAYLOAD, DEFAULT_MAX_STREAMS,
                DEFAULT_MAX_ACK_BACKLOG, DEFAULT_MAX_RECEIVE_WINDOW, DEFAULT_RECEIVE_WINDOW_BUDGET,
                DEFAULT_KEEP_ALIVE_INTERVAL, DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_STREAM_CLOSE_TIMEOUT);
    }

    public YamuxConfig withMaxStreams(int streams) {
        return new YamuxConfig(maxFramePayload, sendFramePayload, streams, maxAckBacklog, maxReceiveWindow,
                receiveWindowBudget, keepAliveInterval, keepAliveTimeout, streamCloseTimeout);
    }

    public YamuxConfig withMaxAckBacklog(int backlog) {
        return new YamuxConfig(maxFramePayload, sendFramePayload, maxStreams, backlog, maxReceiveWindow,
                receiveWindowBudget, keepAliveInterval, keepAliveTimeout, streamCloseTimeout);
    }

    public YamuxConfig withFramePayloads(int maxReceived, int sent) {
        return new YamuxConfig(maxReceived, sent, maxStreams, maxAckBacklog, maxReceiveWindow, receiveWindowBudget,
                keepAliveInterval, keepAliveTimeout, streamCloseTimeout);
    }

    public YamuxConfig withMaxReceiveWindow(int window) {
        return new YamuxConfig(maxFramePayload, sendFramePayload, maxStreams, maxAckBacklog, window,
                receiveWindowBudget, keepAliveInterval, keepAliveTimeout, streamCloseTimeout);
    }

    /** Keep-alive every {@code interval} ({@link Duration#ZERO}: off), session ends after {@code timeout} unanswered. */
    public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
        return new YamuxConfig(maxFramePayload, sendFramePayload, maxStreams, maxAckBacklog, maxReceiveWindow,
                receiveWindowBudget, interval, timeout, streamCloseTimeout);
    }

    public YamuxConfig withStreamCloseTimeout(Duration timeout) {
        return new YamuxConfig(maxFramePayload, sendFramePayload, maxStreams, maxAckBacklog, maxReceiveWindow,
                receiveWindowBudget, keepAliveInterval, keepAliveTimeout, timeout);
    }
}
