package io.nodus.api.chat;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A snapshot of one file transfer.
 *
 * @param id          hex transfer id
 * @param peer        the other side
 * @param outgoing    true when this node sends
 * @param name        the file name (no directories)
 * @param size        bytes in all
 * @param transferred bytes sent or received (and verified) so far
 * @param sha256      hex SHA-256 of the whole file, announced by the sender
 * @param state       where it stands
 * @param error       why it failed or was refused, else empty
 * @param expiresAt   when a received file is erased from memory
 */
public record FileTransfer(String id, PeerId peer, boolean outgoing, String name, long size, long transferred,
        String sha256, State state, String error, Instant expiresAt) {

    public enum State {
        OFFERED, TRANSFERRING, COMPLETE, REFUSED, FAILED
    }
}
