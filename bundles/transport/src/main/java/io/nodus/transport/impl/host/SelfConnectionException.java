package io.nodus.transport.impl.host;

import java.io.IOException;

import io.nodus.api.identity.PeerId;

/**
 * The Noise handshake authenticated our own peer ID at the other end: we dialed one of our own addresses (a
 * bootstrap list without {@code /p2p/<id>} handed to every node reaches the bootstrap node itself this way). Such
 * a connection is closed on both ends.
 */
final class SelfConnectionException extends IOException {

    private static final long serialVersionUID = 1L;

    SelfConnectionException(PeerId self) {
        super("the remote peer is ourselves (" + self + ")");
    }

    /** True when {@code t} or one of its causes is a {@link SelfConnectionException}. */
    static boolean in(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof SelfConnectionException) {
                return true;
            }
        }
        return false;
    }
}
