package io.nodus.chat.impl.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import com.google.protobuf.ByteString;

import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.ratchet.RatchetException;

/**
 * Encryption mode {@code none}: payloads travel in clear (inside the hop-by-hop Noise channel), signed by the
 * sender's Ed25519 identity over the session id, a strictly increasing counter and the body; replays and reordered
 * copies are refused by the counter.
 */
public final class SignedProtection implements PayloadProtection {

    private static final byte[] DOMAIN = "nodus-chat/signed-payload/v1".getBytes(StandardCharsets.US_ASCII);

    /** Verifies a signature by the remote peer's identity key. */
    public interface RemoteVerifier {
        boolean verify(byte[] data, byte[] signature);
    }

    private final byte[] sessionId;
    private final Function<byte[], byte[]> signer;
    private final RemoteVerifier verifier;
    private long sendCounter;
    private long lastReceived = -1;
    private boolean destroyed;

    public SignedProtection(byte[] sessionId, Function<byte[], byte[]> signer, RemoteVerifier verifier) {
        this.sessionId = sessionId.clone();
        this.signer = signer;
        this.verifier = verifier;
    }

    @Override
    public String name() {
        return SIGNED;
    }

    private byte[] signedData(long counter, byte[] body) {
        return ByteBuffer.allocate(DOMAIN.length + sessionId.length + 8 + body.length).put(DOMAIN).put(sessionId)
                .putLong(counter).put(body).array();
    }

    @Override
    public synchronized SendEphemeralMessage.Builder seal(byte[] payload) throws RatchetException {
        if (destroyed) {
            throw new RatchetException(RatchetException.Reason.CLOSED, "session closed");
        }
        long counter = sendCounter++;
        return SendEphemeralMessage.newBuilder().setBody(ByteString.copyFrom(payload)).setCounter(counter)
                .setSignature(ByteString.copyFrom(signer.apply(signedData(counter, payload))));
    }

    @Override
    public synchronized byte[] open(SendEphemeralMessage message) throws RatchetException {
        if (destroyed) {
            throw new RatchetException(RatchetException.Reason.CLOSED, "session closed");
        }
        byte[] body = message.getBody().toByteArray();
        if (!verifier.verify(signedData(message.getCounter(), body), message.getSignature().toByteArray())) {
            throw new RatchetException(RatchetException.Reason.BAD_SIGNATURE, "payload signature does not verify");
        }
        if (message.getCounter() <= lastReceived) {
            throw new RatchetException(RatchetException.Reason.REPLAY, "counter " + message.getCounter()
                    + " not above " + lastReceived);
        }
        lastReceived = message.getCounter();
        return body;
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
    }

    @Override
    public synchronized boolean isErased() {
        return destroyed;
    }
}
