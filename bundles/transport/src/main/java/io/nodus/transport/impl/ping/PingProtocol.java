package io.nodus.transport.impl.ping;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;

/**
 * {@code /ipfs/ping/1.0.0} (ping spec): the dialer sends 32 random bytes, the listener echoes them, repeating until
 * the dialer closes its write side.
 */
public final class PingProtocol implements ProtocolHandler {

    public static final String ID = "/ipfs/ping/1.0.0";
    public static final int PAYLOAD_SIZE = 32;
    /** ping spec: "The listening peer SHOULD accept at most two streams per peer". */
    public static final int MAX_INBOUND_STREAMS_PER_PEER = 2;

    private final SecureRandom random = new SecureRandom();
    private final Map<PeerId, AtomicInteger> inbound = new ConcurrentHashMap<>();

    /** Listener side: echo payloads until the remote closes its write side. */
    @Override
    public void handle(P2PStream stream) throws IOException {
        PeerId peer = stream.remotePeer();
        AtomicInteger count = inbound.computeIfAbsent(peer, p -> new AtomicInteger());
        try {
            if (count.incrementAndGet() > MAX_INBOUND_STREAMS_PER_PEER) {
                stream.reset();
                return;
            }
            InputStream in = stream.input();
            OutputStream out = stream.output();
            byte[] payload = new byte[PAYLOAD_SIZE];
            while (readPayload(in, payload)) {
                out.write(payload);
                out.flush();
            }
        } finally {
            if (count.decrementAndGet() <= 0) {
                inbound.remove(peer, count);
            }
        }
    }

    /** Dialer side: one round trip on a stream negotiated for {@link #ID}; the caller closes the stream. */
    public Duration ping(P2PStream stream) throws IOException {
        byte[] payload = new byte[PAYLOAD_SIZE];
        random.nextBytes(payload);
        byte[] echo = new byte[PAYLOAD_SIZE];
        long start = System.nanoTime();
        OutputStream out = stream.output();
        out.write(payload);
        out.flush();
        if (!readPayload(stream.input(), echo)) {
            throw new EOFException("ping: the remote closed the stream without answering");
        }
        long rtt = System.nanoTime() - start;
        if (!Arrays.equals(payload, echo)) {
            throw new PingException("ping: the remote answered with different bytes");
        }
        return Duration.ofNanos(rtt);
    }

    /** @return false on a clean end of stream before the first byte */
    private static boolean readPayload(InputStream in, byte[] payload) throws IOException {
        int n = in.readNBytes(payload, 0, payload.length);
        if (n == 0) {
            return false;
        }
        if (n != payload.length) {
            throw new PingException("ping: stream ended after " + n + " of " + PAYLOAD_SIZE + " bytes");
        }
        return true;
    }

    /** A peer broke the ping protocol. */
    public static final class PingException extends IOException {

        private static final long serialVersionUID = 1L;

        PingException(String message) {
            super(message);
        }
    }
}
