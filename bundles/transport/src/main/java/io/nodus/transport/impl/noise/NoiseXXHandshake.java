package io.nodus.transport.impl.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * Noise spec 5.3, the HandshakeState object, for the single pattern libp2p uses:
 * {@code Noise_XX_25519_ChaChaPoly_SHA256} (libp2p noise spec, "Noise Protocol Name").
 * <pre>
 * XX:
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 * A pure state machine without I/O: the caller alternates {@link #writeMessage} and {@link #readMessage} as
 * {@link #isWriteTurn()} says, then takes the transport keys with {@link #split()}. Not thread-safe.
 */
public final class NoiseXXHandshake {

    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    /** Noise spec 3: every Noise message is at most 65535 bytes. */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** X25519 public key length (DHLEN, spec 12.1). */
    public static final int DH_LENGTH = 32;
    private static final int MESSAGE_COUNT = 3;

    /** Which side of the handshake this state machine plays. */
    public enum Role { INITIATOR, RESPONDER }

    private final Role role;
    private final SymmetricState symmetric;
    private final X25519PrivateKeyParameters localStatic;
    private final byte[] localStaticPublic;
    private final SecureRandom random;
    private X25519PrivateKeyParameters localEphemeral;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private int messageIndex;
    private boolean failed;

    /**
     * Initialize(): starts the handshake.
     *
     * @param prologue       data both sides must agree on (libp2p uses an empty prologue)
     * @param staticKey      the local static X25519 key {@code s}
     * @param ephemeralKey   a fixed ephemeral key {@code e} for test vectors, or null to generate one
     * @param random         source for the generated ephemeral key
     */
    public NoiseXXHandshake(Role role, byte[] prologue, X25519PrivateKeyParameters staticKey,
            X25519PrivateKeyParameters ephemeralKey, SecureRandom random) {
        this.role = Objects.requireNonNull(role, "role");
        this.localStatic = Objects.requireNonNull(staticKey, "staticKey");
        this.localStaticPublic = staticKey.generatePublicKey().getEncoded();
        this.localEphemeral = ephemeralKey;
        this.random = Objects.requireNonNull(random, "random");
        this.symmetric = new SymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue);
    }

    public Role role() {
        return role;
    }

    /** True when the next step is {@link #writeMessage}; false when it is {@link #readMessage}. */
    public boolean isWriteTurn() {
        return (messageIndex % 2 == 0) == (role == Role.INITIATOR);
    }

    public boolean isComplete() {
        return messageIndex == MESSAGE_COUNT;
    }

    /** The number of handshake messages written or read so far (0..3). */
    public int messageIndex() {
        return messageIndex;
    }

    public byte[] localStaticPublicKey() {
        return localStaticPublic.clone();
    }

    /** The remote static key, known once message 2 (initiator) or 3 (responder) has been read; else null. */
    public byte[] remoteStaticPublicKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    /** The handshake hash {@code h} (channel binding value once complete). */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** WriteMessage(payload): the next handshake message carrying {@code payload}. */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        checkTurn(true);
        int length = messageLength(payload.length);
        if (length > MAX_MESSAGE_LENGTH) {
            throw new NoiseException("handshake message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        byte[] out = new byte[length];
        int pos = 0;
        try {
            switch (messageIndex) {
                case 0: // -> e
                    pos = writeEphemeral(out, pos);
                    break;
                case 1: // <- e, ee, s, es
                    pos = writeEphemeral(out, pos);
                    symmetric.mixKey(dh(localEphemeral, remoteEphemeral));
                    pos += symmetric.encryptAndHash(localStaticPublic, out, pos);
                    symmetric.mixKey(dh(localStatic, remoteEphemeral));
                    break;
                default: // -> s, se
                    pos += symmetric.encryptAndHash(localStaticPublic, out, pos);
                    symmetric.mixKey(dh(localStatic, remoteEphemeral));
                    break;
            }
            symmetric.encryptAndHash(payload, out, pos);
        } catch (NoiseException e) {
            failed = true;
            throw e;
        }
        messageIndex++;
        return out;
    }

    /** ReadMessage(message): processes the next handshake message and returns its decrypted payload. */
    public byte[] readMessage(byte[] message, int off, int len) throws NoiseException {
        checkTurn(false);
        if (len > MAX_MESSAGE_LENGTH) {
            throw fail("handshake message of " + len + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        int min = messageLength(0);
        if (len < min) {
            throw fail("handshake message " + (messageIndex + 1) + " has " + len + " bytes, needs at least " + min);
        }
        int pos = off;
        int end = off + len;
        byte[] payload;
        try {
            switch (messageIndex) {
                case 0: // -> e
                    pos = readEphemeral(message, pos);
                    break;
                case 1: // <- e, ee, s, es
                    pos = readEphemeral(message, pos);
                    symmetric.mixKey(dh(localEphemeral, remoteEphemeral));
                    pos = readStatic(message, pos);
                    symmetric.mixKey(dh(localEphemeral, remoteStatic));
                    break;
                default: // -> s, se
                    pos = readStatic(message, pos);
                    symmetric.mixKey(dh(localEphemeral, remoteStatic));
                    break;
            }
            payload = symmetric.decryptAndHash(message, pos, end - pos);
        } catch (NoiseException e) {
            failed = true;
            throw e;
        }
        messageIndex++;
        return payload;
    }

    /** Split(): the transport session; only once the three messages are done. */
    public NoiseSession split() throws NoiseException {
        if (!isComplete() || failed) {
            throw new NoiseException("handshake is not complete");
        }
        CipherState[] pair = symmetric.split();
        byte[] h = symmetric.handshakeHash();
        return role == Role.INITIATOR ? new NoiseSession(pair[0], pair[1], h) : new NoiseSession(pair[1], pair[0], h);
    }

    private int messageLength(int payloadLength) {
        int tag = CipherState.TAG_LENGTH;
        switch (messageIndex) {
            case 0:
                return DH_LENGTH + payloadLength;
            case 1:
                return DH_LENGTH + DH_LENGTH + tag + payloadLength + tag;
            default:
                return DH_LENGTH + tag + payloadLength + tag;
        }
    }

    private int writeEphemeral(byte[] out, int pos) {
        if (localEphemeral == null) {
            localEphemeral = new X25519PrivateKeyParameters(random);
        }
        localEphemeral.generatePublicKey().encode(out, pos);
        symmetric.mixHash(out, pos, DH_LENGTH);
        return pos + DH_LENGTH;
    }

    private int readEphemeral(byte[] in, int pos) {
        remoteEphemeral = Arrays.copyOfRange(in, pos, pos + DH_LENGTH);
        symmetric.mixHash(remoteEphemeral);
        return pos + DH_LENGTH;
    }

    private int readStatic(byte[] in, int pos) throws NoiseException {
        int len = DH_LENGTH + (symmetric.hasKey() ? CipherState.TAG_LENGTH : 0);
        remoteStatic = symmetric.decryptAndHash(in, pos, len);
        return pos + len;
    }

    /**
     * DH(key_pair, public_key), spec 12.1. An all-zero result (a low-order remote point) is rejected, as the
     * spec allows, so that a peer cannot force a known key.
     */
    private static byte[] dh(X25519PrivateKeyParameters local, byte[] remotePublic) throws NoiseException {
        byte[] shared = new byte[DH_LENGTH];
        try {
            local.generateSecret(new X25519PublicKeyParameters(remotePublic, 0), shared, 0);
        } catch (IllegalStateException e) {
            throw new NoiseException("X25519 agreement failed: low-order public key", e);
        }
        return shared;
    }

    private void checkTurn(boolean writing) throws NoiseException {
        if (failed) {
            throw new NoiseException("handshake already failed");
        }
        if (isComplete()) {
            throw new NoiseException("handshake already complete");
        }
        if (isWriteTurn() != writing) {
            throw new NoiseException("handshake message " + (messageIndex + 1) + " must be "
                    + (writing ? "read" : "written") + " by " + role);
        }
    }

    private NoiseException fail(String reason) {
        failed = true;
        return new NoiseException(reason);
    }
}
