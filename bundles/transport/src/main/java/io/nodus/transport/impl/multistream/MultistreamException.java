package io.nodus.transport.impl.multistream;

import java.io.IOException;

/**
 * A multistream-select failure: malformed or oversized message, missing header, truncated input, no common
 * protocol, or timeout. It ends the connection or stream being negotiated.
 */
public final class MultistreamException extends IOException {

    private static final long serialVersionUID = 1L;

    public MultistreamException(String reason) {
        super(reason);
    }

    public MultistreamException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
