package io.nodus.transport.impl.noise;

import java.util.Arrays;

/**
 * Jazzer-ready entry point for the libp2p handshake payload decoder. It may only end normally or with a
 * {@link NoiseException}; anything else is a finding.
 */
public final class NoisePayloadFuzzTarget {

    private static final byte[] STATIC_KEY = new byte[32];

    static {
        Arrays.fill(STATIC_KEY, (byte) 9);
    }

    private NoisePayloadFuzzTarget() {
    }

    /** The static key the payload signatures must cover; seeds sign this key. */
    static byte[] staticKey() {
        return STATIC_KEY.clone();
    }

    public static void fuzzerTestOneInput(byte[] data) throws NoiseException {
        NoiseIdentityPayload.decodeAndVerify(data, STATIC_KEY, Ed25519TestIdentity.VERIFIER);
    }
}
