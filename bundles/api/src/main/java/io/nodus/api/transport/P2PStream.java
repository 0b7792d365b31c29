package io.nodus.api.transport;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * One multiplexed, negotiated stream to a remote peer. Blocking I/O: {@link #input()} blocks until
 * bytes arrive or the remote half-closes (then returns -1); writes block while the remote's
 * flow-control window is full.
 */
@ProviderType
public interface P2PStream extends Closeable {

    /** The protocol id negotiated for this stream, e.g. {@code /ipfs/ping/1.0.0}. */
    String protocol();

    PeerId remotePeer();

    Multiaddr remoteAddr();

    InputStream input();

    /** Writes go to the remote; closing it half-closes the stream (our side is done writing). */
    OutputStream output();

    /** Half-close: we send no more; the remote may still write to us. */
    void closeWrite();

    /** Abort the stream in both directions (the remote sees a reset). */
    void reset();

    /** Half-close our side and release the stream once the remote has finished too. */
    @Override
    void close();
}
