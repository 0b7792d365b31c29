package io.nodus.api.crypto;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A snapshot of one session.
 *
 * @param peer            the remote peer
 * @param mode            the negotiated mode id
 * @param sessionId       hex id both peers derived from the key exchange transcript
 * @param initiator       true when this node started the key exchange
 * @param keyEpoch        how many times the session keys rotated since the exchange
 * @param messagesSealed  payloads sealed with the current key epoch
 * @param bytesSealed     plaintext bytes sealed with the current key epoch
 * @param messagesOpened  payloads opened in this session
 * @param establishedAt   when the key exchange completed
 * @param keyCreatedAt    when the current key epoch began
 */
public record SessionInfo(PeerId peer, String mode, String sessionId, boolean initiator, long keyEpoch,
        long messagesSealed, long bytesSealed, long messagesOpened, Instant establishedAt, Instant keyCreatedAt) {
}
