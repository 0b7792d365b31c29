package io.nodus.transport.impl.noise;

import io.nodus.transport.impl.noise.NoiseXXHandshake.Role;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Jazzer-ready entry points for the Noise XX state machine: {@code data} is read as message 1, 2 or 3 of a
 * handshake whose keys are fixed, so that mutated valid messages reach the decryption and payload steps.
 * They may only end normally or with a {@link NoiseException}.
 */
public final class NoiseHandshakeFuzzTarget {

    private static final byte[] INIT_STATIC = key(1);
    private static final byte[] INIT_EPHEMERAL = key(2);
    private static final byte[] RESP_STATIC = key(3);
    private static final byte[] RESP_EPHEMERAL = key(4);
    private static final SecureRandom UNUSED_RANDOM = new SecureRandom();
    private static final byte[] MESSAGE_1 = firstMessage();

    private NoiseHandshakeFuzzTarget() {
    }

    /** Jazzer's entry point: the first byte picks the message position (1..3), the rest is the message. */
    public static void fuzzerTestOneInput(byte[] data) throws NoiseException {
        if (data.length == 0) {
            return;
        }
        fuzzMessage(1 + (data[0] & 0xff) % 3, Arrays.copyOfRange(data, 1, data.length));
    }

    /** Reads {@code data} as handshake message {@code message} (1..3), then writes the next message if any. */
    public static void fuzzMessage(int message, byte[] data) throws NoiseException {
        switch (message) {
            case 1: {
                NoiseXXHandshake responder = responder();
                responder.readMessage(data, 0, data.length);
                responder.writeMessage(new byte[0]);
                break;
            }
            case 2: {
                NoiseXXHandshake initiator = initiator();
                initiator.writeMessage(new byte[0]); // message 1 is fixed by the fixed keys
                initiator.readMessage(data, 0, data.length);
                initiator.writeMessage(new byte[0]);
                initiator.split();
                break;
            }
            default: {
                NoiseXXHandshake responder = responder();
                responder.readMessage(MESSAGE_1, 0, MESSAGE_1.length);
                responder.writeMessage(new byte[0]);
                responder.readMessage(data, 0, data.length);
                responder.split();
                break;
            }
        }
    }

    /** A valid message {@code message} (1..3) with {@code payload}, for seeding. */
    static byte[] validMessage(int message, byte[] payload) throws NoiseException {
        NoiseXXHandshake initiator = initiator();
        NoiseXXHandshake responder = responder();
        byte[] m1 = initiator.writeMessage(message == 1 ? payload : new byte[0]);
        if (message == 1) {
            return m1;
        }
        responder.readMessage(m1, 0, m1.length);
        byte[] m2 = responder.writeMessage(message == 2 ? payload : new byte[0]);
        if (message == 2) {
            return m2;
        }
        initiator.readMessage(m2, 0, m2.length);
        return initiator.writeMessage(payload);
    }

    private static byte[] firstMessage() {
        try {
            return initiator().writeMessage(new byte[0]);
        } catch (NoiseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NoiseXXHandshake initiator() {
        return new NoiseXXHandshake(Role.INITIATOR, new byte[0], new X25519PrivateKeyParameters(INIT_STATIC),
                new X25519PrivateKeyParameters(INIT_EPHEMERAL), UNUSED_RANDOM);
    }

    private static NoiseXXHandshake responder() {
        return new NoiseXXHandshake(Role.RESPONDER, new byte[0], new X25519PrivateKeyParameters(RESP_STATIC),
                new X25519PrivateKeyParameters(RESP_EPHEMERAL), UNUSED_RANDOM);
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }
}
