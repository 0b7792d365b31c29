package io.nodus.transport.impl.host;

import java.io.InputStream;
import java.io.OutputStream;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.transport.impl.yamux.YamuxStream;

/** A Yamux stream after multistream-select agreed on its protocol. */
final class HostStream implements P2PStream {

    private final YamuxStream stream;
    private final String protocol;
    private final Connection connection;

    HostStream(YamuxStream stream, String protocol, Connection connection) {
        this.stream = stream;
        this.protocol = protocol;
        this.connection = connection;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public PeerId remotePeer() {
        return connection.peer();
    }

    @Override
    public Multiaddr remoteAddr() {
        return connection.remoteAddr();
    }

    @Override
    public InputStream input() {
        return stream.input();
    }

    @Override
    public OutputStream output() {
        return stream.output();
    }

    @Override
    public void closeWrite() {
        stream.closeWrite();
    }

    @Override
    public void reset() {
        stream.reset();
    }

    @Override
    public void close() {
        connection.touch();
        stream.close();
    }

    @Override
    public String toString() {
        return protocol + " " + stream + " with " + connection.peer();
    }
}
