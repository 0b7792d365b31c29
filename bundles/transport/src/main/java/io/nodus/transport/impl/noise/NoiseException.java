package io.nodus.transport.impl.noise;

import java.io.IOException;

/**
 * A violation of the Noise protocol or of the libp2p Noise rules (bad frame, failed decryption, bad identity
 * signature, unexpected peer, handshake timeout). It always ends the connection.
 */
public final class NoiseException extends IOException {

    private static final long serialVersionUID = 1L;

    public NoiseException(String reason) {
        super(reason);
    }

    public NoiseException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
