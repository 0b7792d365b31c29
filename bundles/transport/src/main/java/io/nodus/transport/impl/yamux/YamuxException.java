package io.nodus.transport.impl.yamux;

import java.io.IOException;

/**
 * A violation of the yamux protocol, or a refusal of a stream. Its {@link #scope()} says what it closes: a
 * {@link Scope#CONNECTION} error ends the whole session with a GoAway carrying {@link #goAwayCode()}, a
 * {@link Scope#STREAM} error resets (or refuses) only the stream {@link #streamId()}.
 */
public final class YamuxException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What a violation closes. */
    public enum Scope {
        /** The whole session: GoAway, then the connection closes. */
        CONNECTION,
        /** One stream: it is reset (RST), the others continue. */
        STREAM
    }

    private final Scope scope;
    private final int streamId;
    private final int goAwayCode;

    private YamuxException(Scope scope, int streamId, int goAwayCode, String reason) {
        super(reason);
        this.scope = scope;
        this.streamId = streamId;
        this.goAwayCode = goAwayCode;
    }

    /** A protocol error that ends the session with GoAway(protocol error). */
    public static YamuxException protocol(String reason) {
        return new YamuxException(Scope.CONNECTION, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR, reason);
    }

    /** A session-ending error that is not the remote's fault (e.g. keep-alive timeout). */
    public static YamuxException internal(String reason) {
        return new YamuxException(Scope.CONNECTION, 0, YamuxFrame.GO_AWAY_INTERNAL_ERROR, reason);
    }

    /** A violation, or a refusal, that resets only stream {@code streamId} ({@code 0}: a stream never opened). */
    public static YamuxException stream(int streamId, String reason) {
        return new YamuxException(Scope.STREAM, streamId, YamuxFrame.GO_AWAY_NORMAL, reason);
    }

    public Scope scope() {
        return scope;
    }

    /** The stream concerned (unsigned 32-bit), 0 for the session. */
    public int streamId() {
        return streamId;
    }

    /** The GoAway error code a {@link Scope#CONNECTION} error is reported with. */
    public int goAwayCode() {
        return goAwayCode;
    }
}
