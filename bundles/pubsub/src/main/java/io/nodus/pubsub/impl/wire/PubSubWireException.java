package io.nodus.pubsub.impl.wire;

import java.io.IOException;

/** A peer broke the pubsub wire format (framing or protobuf): the stream it came on is reset. */
public final class PubSubWireException extends IOException {

    private static final long serialVersionUID = 1L;

    public PubSubWireException(String reason) {
        super(reason);
    }

    public PubSubWireException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
