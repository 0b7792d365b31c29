package io.nodus.chat.impl.protocol;

import java.io.IOException;

/** A frame that violates the chat protocol; the stream it came on is reset. */
public final class ChatProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ChatProtocolException(String message) {
        super(message);
    }

    public ChatProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
