package io.nodus.tor.impl.control;

import java.io.IOException;

/** Tor answered a command with an error status, or broke the control protocol; {@link #code()} is 0 for the latter. */
public final class TorControlException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public TorControlException(int code, String message) {
        super(code == 0 ? message : code + " " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
