package io.nodus.api.chat;

import java.util.Objects;

/** A chat operation could not be done; {@link #reason()} says why for code, the message for people. */
public class ChatException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The peer could not be reached (no address, connection refused, timeout). */
        PEER_UNREACHABLE,
        /** The peer refused (its reason is in the message). */
        REFUSED,
        /** A key exchange or signature check failed. */
        BAD_KEY_EXCHANGE,
        /** A weaker protection than this node's encryption mode allows was offered. */
        DOWNGRADE,
        /** A file over the size limit. */
        TOO_LARGE,
        /** A received file whose hash is not the announced one. */
        HASH_MISMATCH,
        /** No such group, transfer or conversation. */
        UNKNOWN,
        /** Only the group owner may change membership. */
        NOT_OWNER,
        /** Not allowed for this input (empty text, TTL out of range, self as peer, ...). */
        INVALID,
        /** The chat service is stopping. */
        CLOSED
    }

    private final Reason reason;

    public ChatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public ChatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
