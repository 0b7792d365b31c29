package io.nodus.transport.impl.identify;

import java.io.IOException;

/** A peer broke the identify protocol; the stream it came on is reset. */
public final class IdentifyException extends IOException {

    private static final long serialVersionUID = 1L;

    public IdentifyException(String message) {
        super(message);
    }
}
