package io.nodus.api.crypto;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * End-to-end sealing of payloads for one peer at a time. The first {@link #seal} for a peer runs an authenticated
 * key exchange with it (protocol {@value #PROTOCOL}) and keeps the session; later calls reuse it. Sessions rotate
 * their keys by themselves after the configured number of messages, bytes or time.
 * <p>
 * A sealed payload is self-describing (mode, session, recipient) and may travel through other nodes (relays,
 * store-and-forward, pubsub); only the recipient can {@link #open} it, and only once. All methods are thread-safe.
 */
@ProviderType
public interface EncryptionService {

    /** The negotiation protocol id (mode offers, key exchange, remote configuration). */
    String PROTOCOL = "/nodus/crypto/1.0.0";

    /**
     * Seals {@code plaintext} for {@code to}, negotiating a session first when there is none.
     *
     * @param associatedData authenticated but not encrypted; the same bytes must be given to {@link #open}
     * @return the sealed payload to hand to the peer by any route
     * @throws CryptoException with reason {@code NO_COMMON_MODE}, {@code PEER_UNREACHABLE}, {@code REVOKED}, ...
     */
    byte[] seal(PeerId to, byte[] plaintext, byte[] associatedData) throws CryptoException;

    /**
     * Opens a payload {@code from} sealed for this node: signatures and authentication tags are verified before
     * anything is decrypted or returned, and a payload is accepted at most once.
     *
     * @return the plaintext
     * @throws CryptoException saying why the payload was refused ({@code TAMPERED}, {@code REPLAY},
     *         {@code WRONG_RECIPIENT}, {@code BAD_SIGNATURE}, {@code NO_SESSION}, ...); the session stays as it was
     */
    byte[] open(PeerId from, byte[] sealed, byte[] associatedData) throws CryptoException;

    /** Runs a new key exchange with {@code peer} now (InitiateKeyExchange) and makes it the current session. */
    SessionInfo establish(PeerId peer) throws CryptoException;

    /** Forces fresh session keys with {@code peer}: a new key exchange, the old keys erased. */
    SessionInfo rotate(PeerId peer) throws CryptoException;

    /** The current session with {@code peer}, if any. */
    Optional<SessionInfo> session(PeerId peer);

    /** Every current session. */
    List<SessionInfo> sessions();

    /** Ends the sessions with {@code peer} and erases their keys; the next seal negotiates again. */
    void close(PeerId peer);

    /** The installed mode providers, strongest first. */
    List<ModeInfo> modes();

    /** This node's policy in force. */
    EncryptionPolicy policy();
}
