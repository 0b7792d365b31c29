package io.nodus.transport.impl.yamux;

/** The yamux frame types (spec "Type Field"). */
public enum YamuxFrameType {
    /** Stream data; the length is the payload size. */
    DATA(0x0),
    /** A delta to the sender's receive window of one stream. */
    WINDOW_UPDATE(0x1),
    /** RTT measurement and keep-alive; the length is an opaque value echoed back. */
    PING(0x2),
    /** Session termination; the length is an error code. */
    GO_AWAY(0x3);

    private static final YamuxFrameType[] BY_CODE = values();

    private final int code;

    YamuxFrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this wire code, or {@code null} when the code is unknown. */
    public static YamuxFrameType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
