package io.nodus.transport.impl.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One yamux frame (spec "Framing"): a 12-byte header (version, type, flags, stream id, length) and, for
 * {@link YamuxFrameType#DATA}, the payload as {@link #content()}. Reference counted like any
 * {@link io.netty.buffer.ByteBufHolder}: whoever holds the frame releases it.
 */
public final class YamuxFrame extends DefaultByteBufHolder {

    /** Spec "Version Field": always 0. */
    public static final int VERSION = 0;
    /** Spec "Framing": version (1) + type (1) + flags (2) + stream id (4) + length (4). */
    public static final int HEADER_LENGTH = 12;

    /** Spec "Flag Field". */
    public static final int FLAG_SYN = 0x1;
    public static final int FLAG_ACK = 0x2;
    public static final int FLAG_FIN = 0x4;
    public static final int FLAG_RST = 0x8;

    /** Spec "Session termination": GoAway error codes. */
    public static final int GO_AWAY_NORMAL = 0x0;
    public static final int GO_AWAY_PROTOCOL_ERROR = 0x1;
    public static final int GO_AWAY_INTERNAL_ERROR = 0x2;

    /** Spec "StreamID Field": id 0 addresses the session (Ping, GoAway). */
    public static final int SESSION_ID = 0;

    private final YamuxFrameType type;
    private final int flags;
    private final int streamId;
    private final int length;

    private YamuxFrame(YamuxFrameType type, int flags, int streamId, int length, ByteBuf content) {
        super(content);
        this.type = type;
        this.flags = flags & 0xFFFF;
        this.streamId = streamId;
        this.length = length;
    }

    /** A data frame; takes ownership of {@code payload}. */
    public static YamuxFrame data(int streamId, int flags, ByteBuf payload) {
        return new YamuxFrame(YamuxFrameType.DATA, flags, streamId, payload.readableBytes(), payload);
    }

    /** A window update adding {@code delta} (unsigned) to the remote's send window; carries SYN/ACK/FIN/RST too. */
    public static YamuxFrame windowUpdate(int streamId, int flags, int delta) {
        return new YamuxFrame(YamuxFrameType.WINDOW_UPDATE, flags, streamId, delta, Unpooled.EMPTY_BUFFER);
    }

    /** A ping: SYN asks, ACK answers with the same opaque value. */
    public static YamuxFrame ping(int flags, int opaque) {
        return new YamuxFrame(YamuxFrameType.PING, flags, SESSION_ID, opaque, Unpooled.EMPTY_BUFFER);
    }

    /** A GoAway with one of the {@code GO_AWAY_*} codes. */
    public static YamuxFrame goAway(int code) {
        return new YamuxFrame(YamuxFrameType.GO_AWAY, 0, SESSION_ID, code, Unpooled.EMPTY_BUFFER);
    }

    /** A header-only frame as decoded (any type but DATA). */
    static YamuxFrame header(YamuxFrameType type, int flags, int streamId, int length) {
        return new YamuxFrame(type, flags, streamId, length, Unpooled.EMPTY_BUFFER);
    }

    public YamuxFrameType type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** The stream id as sent (an unsigned 32-bit value held in an int). */
    public int streamId() {
        return streamId;
    }

    /** The raw length field: payload size, window delta, ping value or GoAway code. */
    public int length() {
        return length;
    }

    public long lengthUnsigned() {
        return Integer.toUnsignedLong(length);
    }

    @Override
    public YamuxFrame replace(ByteBuf content) {
        return new YamuxFrame(type, flags, streamId, type == YamuxFrameType.DATA ? content.readableBytes() : length,
                content);
    }

    @Override
    public YamuxFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "YamuxFrame[" + type + " flags=0x" + Integer.toHexString(flags) + " stream="
                + Integer.toUnsignedString(streamId) + " length=" + Integer.toUnsignedString(length) + "]";
    }
}
