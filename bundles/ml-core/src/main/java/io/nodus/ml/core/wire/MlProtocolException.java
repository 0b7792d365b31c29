package io.nodus.ml.core.wire;

import java.io.IOException;

/** A peer broke the ML protocol (bad frame, limit exceeded, checksum mismatch); the stream is closed. */
public class MlProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public MlProtocolException(String message) {
        super(message);
    }
}
