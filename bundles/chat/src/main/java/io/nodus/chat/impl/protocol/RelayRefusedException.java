package io.nodus.chat.impl.protocol;

import java.io.IOException;

/** A relay refused what we asked of it (it is full, holds no such bundle, or does not serve as a relay). */
public final class RelayRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public RelayRefusedException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
