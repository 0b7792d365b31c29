package io.nodus.api.crypto;

import org.osgi.annotation.versioning.ConsumerType;

/** One side of a key exchange in progress (see {@link EncryptionMode}). */
@ConsumerType
public interface ModeExchange {

    /** This node's contribution (e.g. an ephemeral or static public key); signed by the encryption service. */
    byte[] localContribution();

    /**
     * Completes the exchange with the peer's contribution, taken from its signed message.
     *
     * @param transcriptHash SHA-256 over both signed exchange messages; binds the session to them
     * @throws CryptoException when the peer's contribution is malformed, revoked or unusable
     */
    ModeSession complete(byte[] remoteContribution, byte[] transcriptHash) throws CryptoException;

    /** Gives up the exchange and erases its secrets. */
    void abandon();
}
