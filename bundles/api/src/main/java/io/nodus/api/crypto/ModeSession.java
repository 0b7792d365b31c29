package io.nodus.api.crypto;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keys and counters of one session in one mode. Implementations are thread-safe, verify before they decrypt, accept
 * each message at most once, and leave their state unchanged when they refuse a message.
 */
@ConsumerType
public interface ModeSession {

    /**
     * @param associatedData authenticated with the payload; the encryption service puts its envelope header here
     */
    byte[] seal(byte[] plaintext, byte[] associatedData) throws CryptoException;

    byte[] open(byte[] body, byte[] associatedData) throws CryptoException;

    /** Moves to fresh keys now; the keys of the previous epoch can no longer seal. */
    void rotate() throws CryptoException;

    /** Times the keys rotated since the exchange (0 at first). */
    long keyEpoch();

    long messagesSealed();

    long bytesSealed();

    Instant keyCreatedAt();

    /**
     * The session's state for a newer version of the same provider (bundle update without losing the session),
     * or null when the provider cannot hand sessions over. The bytes are secret.
     */
    byte[] handover();

    /** Erases the keys; the session refuses everything afterwards. */
    void destroy();
}
