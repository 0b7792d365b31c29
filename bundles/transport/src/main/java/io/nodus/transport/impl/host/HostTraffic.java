package io.nodus.transport.impl.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.nodus.transport.impl.noise.WireTraffic;
import io.nodus.transport.impl.yamux.YamuxStream;

/**
 * What a host's connections carry, for its metrics: bytes on the wire in and out (since start, and per live
 * connection, counted by the Noise layer) and streams per protocol (opened since start by direction, open now).
 */
public final class HostTraffic {

    /** Streams of one protocol. */
    public record ProtocolStreams(String protocol, long openedInbound, long openedOutbound, long open) {
    }

    private final WireTraffic wire = WireTraffic.totals();
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Counts> protocols = new ConcurrentHashMap<>();

    public long bytesSent() {
        return wire.bytesSent();
    }

    public long bytesReceived() {
        return wire.bytesReceived();
    }

    /** Connections upgraded and not yet closed, with their own byte counts. */
    public List<Connection> connections() {
        return List.copyOf(live);
    }

    /** By protocol id, in no particular order. */
    public List<ProtocolStreams> protocolStreams() {
        List<ProtocolStreams> list = new ArrayList<>();
        protocols.forEach((protocol, c) -> list.add(new ProtocolStreams(protocol, c.openedInbound.sum(),
                c.openedOutbound.sum(), c.open.sum())));
        return list;
    }

    /** Counters for a connection being upgraded. */
    WireTraffic newConnection() {
        return wire.connection();
    }

    /** Lists {@code connection} until its channel closes. */
    void upgraded(Connection connection) {
        live.add(connection);
        connection.channel().closeFuture().addListener(f -> live.remove(connection));
    }

    /** A stream agreed on {@code protocol}; it counts as open until the Yamux stream is over. */
    void streamOpened(String protocol, boolean outbound, YamuxStream stream) {
        Counts c = protocols.computeIfAbsent(protocol, p -> new Counts());
        (outbound ? c.openedOutbound : c.openedInbound).increment();
        c.open.increment();
        stream.whenTerminated(c.open::decrement);
    }

    private static final class Counts {
        final LongAdder openedInbound = new LongAdder();
        final LongAdder openedOutbound = new LongAdder();
        final LongAdder open = new LongAdder();
    }
}
