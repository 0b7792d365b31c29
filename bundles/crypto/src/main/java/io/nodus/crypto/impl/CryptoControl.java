package io.nodus.crypto.impl;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.identity.PeerId;

/** What the shell commands need beyond {@link io.nodus.api.crypto.EncryptionService}; private to this bundle. */
interface CryptoControl {

    /** Changes this node's configuration (validated whole, written through ConfigurationAdmin). */
    void configure(Map<String, String> changes) throws CryptoException;

    /** The configuration in force, with what is offered and installed. */
    Map<String, String> configuration();

    /** GetEncryptionConfig ({@code changes} empty) or SetEncryptionConfig on a peer that lists us as admin. */
    Map<String, String> remoteConfiguration(PeerId peer, Map<String, String> changes) throws CryptoException;

    /** A sealed round trip with {@code peer} (it opens and seals back {@code size} random bytes). */
    Duration echo(PeerId peer, int size) throws CryptoException;

    /** Replaces this node's static encryption keys and publishes revocation records for the old ones. */
    List<String> revokeStaticKeys(String reason) throws CryptoException;

    /** Publishes a revocation record for this node's identity key. */
    String revokeIdentity(String reason) throws CryptoException;

    /** Revocation records known here, one line each. */
    List<String> revocations();

    /** This node's key fingerprints (identity and static encryption keys), one per line. */
    List<String> ownFingerprints();

    /** The fingerprint of {@code peer}'s identity key, from its peer ID or a session's pinned key. */
    String fingerprint(PeerId peer) throws CryptoException;
}
