package io.nodus.chat.impl.ratchet;

/** A ratchet message or key-agreement input was refused; the session state is unchanged. */
public final class RatchetException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why it was refused. */
    public enum Reason {
        /** Bytes that do not parse (wrong lengths, bad header). */
        MALFORMED,
        /** The AEAD tag did not verify: changed, truncated, or sealed under another key. */
        TAMPERED,
        /** A message whose key was already used (or erased): a replay. */
        REPLAY,
        /** A message further ahead of its chain than the skipped-key window allows. */
        TOO_FAR,
        /** A prekey signature that does not verify with the peer's identity key. */
        BAD_SIGNATURE,
        /** The session was closed and its keys erased. */
        CLOSED
    }

    private final Reason reason;

    public RatchetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
