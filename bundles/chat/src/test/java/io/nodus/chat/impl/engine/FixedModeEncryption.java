package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.PeerId;

/** An encryption service whose sessions are all in the given mode; only what chat asks of it is answered. */
final class FixedModeEncryption implements EncryptionService {

    private final String mode;

    FixedModeEncryption(String mode) {
        this.mode = mode;
    }

    private SessionInfo info(PeerId peer) {
        return new SessionInfo(peer, mode, "00", true, 0, 0, 0, 0, Instant.now(), Instant.now());
    }

    @Override
    public byte[] seal(PeerId to, byte[] plaintext, byte[] associatedData) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] open(PeerId from, byte[] sealed, byte[] associatedData) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionInfo establish(PeerId peer) {
        return info(peer);
    }

    @Override
    public SessionInfo rotate(PeerId peer) {
        return info(peer);
    }

    @Override
    public Optional<SessionInfo> session(PeerId peer) {
        return Optional.of(info(peer));
    }

    @Override
    public List<SessionInfo> sessions() {
        return List.of();
    }

    @Override
    public void close(PeerId peer) {
    }

    @Override
    public List<ModeInfo> modes() {
        return List.of();
    }

    @Override
    public EncryptionPolicy policy() {
        return new EncryptionPolicy(mode, List.of(), List.of(mode));
    }
}
