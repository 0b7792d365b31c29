package io.nodus.crypto.impl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.RotationLimits;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.Sha256;

/** The {@link ExchangeContext} of one session: identities, revocation checks, rotation limits in force. */
final class SessionContext implements ExchangeContext {

    private final NodeIdentity identity;
    private final PeerId remotePeer;
    private volatile RemoteIdentity remote;
    private final boolean initiator;
    private final RevocationList revocations;
    private final Supplier<RotationLimits> rotation;
    /** Fingerprints of every key this session depends on: re-checked before each use. */
    private final Set<String> keyFingerprints = ConcurrentHashMap.newKeySet();

    /**
     * @param remote the peer's pinned identity, or null on the initiator until the peer's signed answer arrives
     *        ({@link #bindRemote})
     */
    SessionContext(NodeIdentity identity, PeerId remotePeer, RemoteIdentity remote, boolean initiator,
            RevocationList revocations, Supplier<RotationLimits> rotation) {
        this.identity = identity;
        this.remotePeer = remotePeer;
        this.initiator = initiator;
        this.revocations = revocations;
        this.rotation = rotation;
        keyFingerprints.add(Sha256.fingerprint(identity.publicKeyProtobuf()));
        if (remote != null) {
            bindRemote(remote);
        }
    }

    void bindRemote(RemoteIdentity pinned) {
        if (!pinned.peer.equals(remotePeer)) {
            throw new IllegalArgumentException("identity of " + pinned.peer + " bound to a session with " + remotePeer);
        }
        keyFingerprints.add(Sha256.fingerprint(pinned.keyProtobuf));
        this.remote = pinned;
    }

    @Override
    public PeerId localPeer() {
        return identity.peerId();
    }

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public boolean initiator() {
        return initiator;
    }

    @Override
    public byte[] sign(byte[] data) {
        return identity.sign(data);
    }

    @Override
    public boolean verifyRemote(byte[] data, byte[] signature) {
        RemoteIdentity r = remote;
        return r != null && r.verify(data, signature);
    }

    @Override
    public void requireNotRevoked(byte[] publicKey) throws CryptoException {
        revocations.requireNotRevoked(publicKey, "a key of the session with " + remotePeer);
        keyFingerprints.add(Sha256.fingerprint(publicKey));
    }

    @Override
    public RotationLimits rotation() {
        return rotation.get();
    }

    /** The first revoked key this session depends on, or null. */
    String revokedKey() {
        for (String f : keyFingerprints) {
            if (revocations.isRevokedFingerprint(f)) {
                return f;
            }
        }
        return null;
    }

    boolean dependsOn(String fingerprint) {
        return keyFingerprints.contains(fingerprint);
    }

    RemoteIdentity remote() {
        return remote;
    }
}
