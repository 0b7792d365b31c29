package io.nodus.transport.impl.noise;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link NoiseSecureChannel} needs from the host; one instance serves every connection.
 *
 * @param identity         the local libp2p identity that signs our Noise static key
 * @param verifier         checks the remote identity signature
 * @param earlyMuxers      muxer protocol ids we advertise in the handshake payload (e.g. {@code /yamux/1.0.0});
 *                         may be empty
 * @param handshakeTimeout how long the whole handshake may take before the connection is closed
 * @param random           source for the per-session static and ephemeral X25519 keys
 */
public record NoiseConfig(LocalIdentity identity, SignatureVerifier verifier, List<String> earlyMuxers,
        Duration handshakeTimeout, SecureRandom random) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public NoiseConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(verifier, "verifier");
        earlyMuxers = List.copyOf(earlyMuxers);
        Objects.requireNonNull(random, "random");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
    }

    /** No early muxers, {@link #DEFAULT_HANDSHAKE_TIMEOUT}, a new {@link SecureRandom}. */
    public static NoiseConfig of(LocalIdentity identity, SignatureVerifier verifier) {
        return new NoiseConfig(identity, verifier, List.of(), DEFAULT_HANDSHAKE_TIMEOUT, new SecureRandom());
    }

    public NoiseConfig withEarlyMuxers(List<String> muxers) {
        return new NoiseConfig(identity, verifier, muxers, handshakeTimeout, random);
    }

    public NoiseConfig withHandshakeTimeout(Duration timeout) {
        return new NoiseConfig(identity, verifier, earlyMuxers, timeout, random);
    }
}
