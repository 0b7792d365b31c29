package io.nodus.transport.impl.host;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;
import io.nodus.transport.impl.noise.WireTraffic;
import io.nodus.transport.impl.yamux.YamuxSession;
import io.nodus.transport.impl.yamux.YamuxStream;

/** One upgraded libp2p connection: TCP, secured by Noise, multiplexed by Yamux, to an authenticated peer. */
public final class Connection {

    private static final int NEW = 0;
    private static final int ANNOUNCED = 1;
    private static final int CLOSED = 2;

    private final Channel channel;
    private final YamuxSession session;
    private final PeerId peer;
    private final byte[] remotePublicKey;
    private final Multiaddr remoteAddr;
    private final boolean outbound;
    private final String route;
    private final WireTraffic traffic;
    private final Instant openedAt = Instant.now();
    private final AtomicInteger state = new AtomicInteger(NEW);
    private volatile long lastActive = System.nanoTime();

    Connection(Channel channel, YamuxSession session, PeerId peer, byte[] remotePublicKey, Multiaddr remoteAddr,
            boolean outbound, String route, WireTraffic traffic) {
        this.channel = channel;
        this.session = session;
        this.peer = peer;
        this.remotePublicKey = remotePublicKey;
        this.remoteAddr = remoteAddr;
        this.outbound = outbound;
        this.route = route;
        this.traffic = traffic;
    }

    /** Short, unique among this host's connections (the channel id). */
    public String id() {
        return channel.id().asShortText();
    }

    /** Bytes this connection moved on the wire. */
    public WireTraffic traffic() {
        return traffic;
    }

    public PeerId peer() {
        return peer;
    }

    public Multiaddr remoteAddr() {
        return remoteAddr;
    }

    public boolean outbound() {
        return outbound;
    }

    public Instant openedAt() {
        return openedAt;
    }

    byte[] remotePublicKey() {
        return remotePublicKey.clone();
    }

    Channel channel() {
        return channel;
    }

    YamuxSession session() {
        return session;
    }

    /** Open and accepting new streams (no GoAway either way). */
    public boolean isUsable() {
        return session.acceptsNewStreams();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public int openStreams() {
        return session.streamCount();
    }

    YamuxStream openStream(Duration timeout) throws IOException {
        touch();
        return session.openStream(timeout);
    }

    void touch() {
        lastActive = System.nanoTime();
    }

    /** Nanoseconds since a stream was last opened or seen open. */
    long idleNanos() {
        if (session.streamCount() > 0) {
            touch();
        }
        return System.nanoTime() - lastActive;
    }

    /** Sends GoAway and closes the TCP connection. */
    public void close() {
        channel.close();
    }

    /** True exactly once, when listeners may hear {@code connected} (not after the connection closed). */
    boolean markAnnounced() {
        return state.compareAndSet(NEW, ANNOUNCED);
    }

    /** Marks it closed; true when listeners heard {@code connected} and so must hear about the close. */
    boolean markClosed() {
        return state.getAndSet(CLOSED) == ANNOUNCED;
    }

    boolean isAnnounced() {
        return state.get() == ANNOUNCED;
    }

    public PeerConnection snapshot() {
        return new PeerConnection(peer, remoteAddr, outbound, session.streamCount(), openedAt, route);
    }

    @Override
    public String toString() {
        return (outbound ? "connection to " : "connection from ") + peer + " at " + remoteAddr;
    }
}
