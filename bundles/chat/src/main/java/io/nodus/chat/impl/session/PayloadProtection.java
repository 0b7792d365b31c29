package io.nodus.chat.impl.session;

import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.ratchet.RatchetException;

/** How one session protects its payloads: the Double Ratchet, or signatures only (encryption mode none). */
public interface PayloadProtection {

    String DOUBLE_RATCHET = "double-ratchet";
    String SIGNED = "signed";

    String name();

    /** Seals a payload into a message (session id not yet set). */
    SendEphemeralMessage.Builder seal(byte[] payload) throws RatchetException;

    /** Checks and opens a message; a refused message leaves the state unchanged. */
    byte[] open(SendEphemeralMessage message) throws RatchetException;

    /** Erases every key. */
    void destroy();

    /** True once destroyed with nothing secret left. */
    boolean isErased();
}
