package io.nodus.crypto.impl;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;

/**
 * Checks every received {@link CryptoMessage} before anything in it is used: the sender is the peer the transport
 * authenticated, its identity key matches its peer ID and is not revoked, the signature verifies, the timestamp is
 * recent, and a state-changing request (INITIATE, SET_CONFIG, ECHO) is not a replay of one already seen.
 */
final class MessageVerifier {

    /** Clocks of peers may differ this much; older or newer messages are refused as stale. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** Remembered request nonces; a full cache forgets the oldest (they are usually past MAX_SKEW by then). */
    static final int MAX_REMEMBERED = 65_536;

    private final NodeIdentity identity;
    private final RevocationList revocations;
    private final Clock clock;
    private final Map<ByteBuffer, Long> seen = new LinkedHashMap<>();

    MessageVerifier(NodeIdentity identity, RevocationList revocations, Clock clock) {
        this.identity = identity;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** A verified message and its sender's pinned identity. */
    record Verified(CryptoMessage message, RemoteIdentity sender) {
    }

    /**
     * @param expectedSender the peer the transport authenticated (the stream's remote peer)
     */
    Verified verify(byte[] encoded, PeerId expectedSender) throws CryptoException {
        CryptoMessage m = CryptoMessage.decode(encoded);
        if (!m.sender().equals(expectedSender)) {
            throw new CryptoException(Reason.PEER_ID_MISMATCH, "message signed as " + m.sender() + " arrived from "
                    + expectedSender);
        }
        RemoteIdentity sender = RemoteIdentity.pin(m.sender(), m.senderKey(), identity);
        revocations.requireNotRevoked(m.senderKey(), "identity key of " + m.sender());
        if (!sender.verify(m.signingInput(), m.signature())) {
            throw new CryptoException(Reason.BAD_SIGNATURE, m.type() + " from " + m.sender()
                    + " does not carry a valid signature of its identity key");
        }
        long now = clock.millis();
        if (Math.abs(now - m.timestampMillis()) > MAX_SKEW.toMillis()) {
            throw new CryptoException(Reason.STALE, m.type() + " from " + m.sender() + " is timestamped "
                    + (m.timestampMillis() - now) / 1000 + " s from now (more than " + MAX_SKEW.toSeconds() + " s)");
        }
        if (m.type() == MessageType.INITIATE || m.type() == MessageType.SET_CONFIG || m.type() == MessageType.ECHO) {
            rememberOnce(m, now);
        }
        return new Verified(m, sender);
    }

    private synchronized void rememberOnce(CryptoMessage m, long now) throws CryptoException {
        ByteBuffer key = ByteBuffer.wrap(concat(m.sender().toBytes(), m.nonce()));
        if (seen.containsKey(key)) {
            throw new CryptoException(Reason.REPLAY, m.type() + " from " + m.sender() + " was already received"
                    + " (replayed message)");
        }
        seen.put(key, now);
        var it = seen.values().iterator();
        while (it.hasNext()) {
            long at = it.next();
            if (seen.size() <= MAX_REMEMBERED && now - at <= 2 * MAX_SKEW.toMillis()) {
                break; // insertion order: everything after this one is younger
            }
            it.remove();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
