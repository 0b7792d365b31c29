package io.nodus.transport.impl.noise;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.nodus.transport.impl.multistream.ChannelRecorder;
import io.nodus.transport.impl.multistream.EmbeddedPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer-ready entry points for {@link NoiseSecureChannel}'s inbound decoding. Both sides use fixed identities
 * and a seeded DRBG, so every run produces the same handshake and mutated recorded traffic is meaningful.
 * They may only end normally or with a {@link NoiseException}.
 */
public final class NoiseChannelFuzzTarget {

    private static final Ed25519TestIdentity DIALER = new Ed25519TestIdentity(drbg(1));
    private static final Ed25519TestIdentity LISTENER = new Ed25519TestIdentity(drbg(2));
    /** The fixed transport key of {@link #fuzzTransport}. */
    static final byte[] TRANSPORT_KEY = new byte[CipherState.KEY_LENGTH];

    static {
        Arrays.fill(TRANSPORT_KEY, (byte) 0x5a);
    }

    private NoiseChannelFuzzTarget() {
    }

    /** Jazzer's entry point: the first byte picks handshake (even) or transport (odd) decoding of the rest. */
    public static void fuzzerTestOneInput(byte[] data) throws NoiseException {
        if (data.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) == 0) {
            fuzzHandshake(rest);
        } else {
            fuzzTransport(rest);
        }
    }

    /** {@code data} as the listener's bytes after the dialer sent message 1 (message 2 and anything after). */
    public static void fuzzHandshake(byte[] data) throws NoiseException {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel dialer = new EmbeddedChannel(NoiseSecureChannel.initiator(config(DIALER, 3), null), recorder);
        EmbeddedPair.drain(dialer);
        feedAndClose(dialer, recorder, data);
    }

    /** {@code data} as the remote's bytes on a channel in the transport phase with {@link #TRANSPORT_KEY}. */
    public static void fuzzTransport(byte[] data) throws NoiseException {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(
                NoiseSecureChannel.established(config(LISTENER, 5), new NoiseSession(cipher(), cipher(), new byte[32])),
                recorder);
        feedAndClose(channel, recorder, data);
    }

    /** Frames as the remote sends them with {@link #TRANSPORT_KEY}, one per chunk, for seeding. */
    static byte[] transportFrames(byte[]... chunks) throws NoiseException {
        CipherState sender = cipher();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            byte[] ct = sender.encryptWithAd(null, chunk);
            out.write(ct.length >>> 8);
            out.write(ct.length);
            out.writeBytes(ct);
        }
        return out.toByteArray();
    }

    private static CipherState cipher() {
        CipherState c = new CipherState();
        c.initializeKey(TRANSPORT_KEY);
        return c;
    }

    /** The dialer's handshake traffic of a deterministic run as the listener receives it (message 2 and on). */
    static byte[] recordedMessage2() {
        EmbeddedChannel dialer = new EmbeddedChannel(NoiseSecureChannel.initiator(config(DIALER, 3), null), new ChannelRecorder());
        EmbeddedChannel listener = new EmbeddedChannel(NoiseSecureChannel.responder(config(LISTENER, 4)), new ChannelRecorder());
        EmbeddedPair.move(dialer, listener);
        byte[] message2 = EmbeddedPair.drain(listener);
        dialer.finishAndReleaseAll();
        listener.finishAndReleaseAll();
        return message2;
    }

    private static void feedAndClose(EmbeddedChannel channel, ChannelRecorder recorder, byte[] data)
            throws NoiseException {
        int half = data.length / 2;
        channel.writeInbound(Unpooled.wrappedBuffer(data, 0, half));
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(data, half, data.length - half));
        }
        channel.finishAndReleaseAll();
        for (Throwable t : recorder.exceptions) {
            if (t instanceof NoiseException) {
                throw (NoiseException) t;
            }
            throw new IllegalStateException("untyped failure from the secure channel", t);
        }
    }

    private static NoiseConfig config(Ed25519TestIdentity identity, long seed) {
        return new NoiseConfig(identity, Ed25519TestIdentity.VERIFIER, List.of("/yamux/1.0.0"),
                NoiseConfig.DEFAULT_HANDSHAKE_TIMEOUT, drbg(seed));
    }

    /** A deterministic generator: SHA1PRNG seeded before first use produces a fixed sequence. */
    private static SecureRandom drbg(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
