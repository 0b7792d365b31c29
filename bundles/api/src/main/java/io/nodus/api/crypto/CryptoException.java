package io.nodus.api.crypto;

import java.util.Objects;

/**
 * A payload, key-exchange message or request was refused. The {@link #reason()} says why in a form code can act
 * on; the message says it for people. A refusal never changes the state of an established session.
 */
public class CryptoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why something was refused. */
    public enum Reason {
        /** Bytes that do not parse as the expected message or envelope. */
        MALFORMED,
        /** Authentication of a ciphertext failed: it was changed, truncated or sealed with another key. */
        TAMPERED,
        /** A signature does not verify with the signer's key. */
        BAD_SIGNATURE,
        /** A message that was already accepted once (same session, key epoch and sequence number). */
        REPLAY,
        /** A message sealed for another peer. */
        WRONG_RECIPIENT,
        /** An attempt to use a nonce (key epoch and counter) twice. */
        NONCE_REUSE,
        /** A key exchange whose mode choice is not the one both offers lead to, or a message in another mode. */
        DOWNGRADE,
        /** A key that a signed revocation record withdrew. */
        REVOKED,
        /** A public key that does not hash to the peer ID it claims, or a message from a different peer. */
        PEER_ID_MISMATCH,
        /** No session with the peer (or none with that session id); a key exchange is needed first. */
        NO_SESSION,
        /** The two policies have no mode in common, or no provider for it is installed. */
        NO_COMMON_MODE,
        /** The session's mode provider went away (uninstalled, stopped) and the policy closes such sessions. */
        MODE_UNAVAILABLE,
        /** A key or message too old to accept (expired timestamp, erased key epoch). */
        STALE,
        /** A remote request from a peer that is not an admin of this node. */
        NOT_AUTHORIZED,
        /** The peer could not be reached to exchange keys (no transport, no connection, timeout). */
        PEER_UNREACHABLE,
        /** A configuration value that is not valid. */
        INVALID_CONFIG
    }

    private final Reason reason;

    public CryptoException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public CryptoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "CryptoException[" + reason + "]: " + getMessage();
    }
}
