package io.nodus.api.chat;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A snapshot of the chat session with one peer.
 *
 * @param peer        the remote peer
 * @param sessionId   hex id both sides derived from the session start
 * @param state       where it stands
 * @param protection  {@code double-ratchet} (X3DH + Double Ratchet) or {@code signed} (encryption mode none:
 *                    signed plaintext)
 * @param initiator   true when this node started it
 * @param openedAt    when it was established
 * @param sent        messages sealed in it
 * @param received    messages opened in it
 * @param queued      items waiting in the outbox for this peer
 */
public record ChatSessionInfo(PeerId peer, String sessionId, State state, String protection, boolean initiator,
        Instant openedAt, long sent, long received, int queued) {

    public enum State {
        OPEN, CLOSED
    }
}
