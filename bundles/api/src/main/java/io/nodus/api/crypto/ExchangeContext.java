package io.nodus.api.crypto;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * What a mode provider may know and do for one session, given by the encryption service. It stays valid for the
 * session's whole life.
 */
@ProviderType
public interface ExchangeContext {

    PeerId localPeer();

    PeerId remotePeer();

    /** True on the node that started the key exchange. */
    boolean initiator();

    /** Signs with this node's identity key (Ed25519). */
    byte[] sign(byte[] data);

    /** Verifies a signature by the remote peer's identity key (pinned to its peer ID). */
    boolean verifyRemote(byte[] data, byte[] signature);

    /**
     * Refuses a key that a revocation record withdrew, and tells the encryption service the session depends on it,
     * so a later revocation closes the session before its next use.
     *
     * @throws CryptoException with reason {@code REVOKED}
     */
    void requireNotRevoked(byte[] publicKey) throws CryptoException;

    /** When the session must move to fresh keys. */
    RotationLimits rotation();
}
