package io.nodus.crypto.impl;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/** Body of ERROR: which request it refuses (hash), why (a {@link Reason} name) and a message for people. */
record ErrorReply(byte[] requestHash, Reason reason, String message) {

    static final int MAX_MESSAGE = 1024;

    byte[] encode() {
        String m = message.length() > MAX_MESSAGE / 4 ? message.substring(0, MAX_MESSAGE / 4) : message;
        return new FieldWriter().raw(requestHash).string(reason.name()).string(m).toByteArray();
    }

    static ErrorReply decode(byte[] body) throws CryptoException {
        FieldReader r = new FieldReader(body);
        byte[] hash = r.raw(Sha256.BYTES, "request hash");
        String name = r.string(32, "reason");
        Reason reason;
        try {
            reason = Reason.valueOf(name);
        } catch (IllegalArgumentException e) {
            reason = Reason.MALFORMED;
        }
        String message = r.string(MAX_MESSAGE, "message");
        r.requireEnd("error reply");
        return new ErrorReply(hash, reason, message);
    }

    /**
     * The refusal as an exception. When the peer refused a request other than the one sent ({@code sent} hashes
     * differently), the request was changed in transit: the peer's signed reason is kept and the message says so.
     */
    CryptoException toException(Object peer, byte[] sent) {
        if (!java.util.Arrays.equals(requestHash, Sha256.hash(sent))) {
            return new CryptoException(reason, "peer " + peer + " refused a request that differs from the one sent"
                    + " (changed in transit): " + message);
        }
        return new CryptoException(reason, "peer " + peer + " refused: " + message);
    }
}
