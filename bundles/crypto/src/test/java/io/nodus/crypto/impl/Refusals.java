package io.nodus.crypto.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/** Asserting that a call is refused for a given reason, with a message that says so. */
public final class Refusals {

    /** A call that may throw {@link CryptoException}. */
    public interface Call {
        void run() throws Exception;
    }

    private Refusals() {
    }

    public static CryptoException refused(Reason reason, Call call) {
        CryptoException e = assertThrows(CryptoException.class, call::run);
        assertEquals(reason, e.reason(), "reason of: " + e.getMessage());
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("refusal " + reason + " without a message");
        }
        return e;
    }
}
