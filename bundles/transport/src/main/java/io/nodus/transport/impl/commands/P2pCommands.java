package io.nodus.transport.impl.commands;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;
import io.nodus.transport.impl.host.LibP2pHost;

/** Gogo commands of scope {@code p2p} for the libp2p host ({@code p2p:id} lives in the identity bundle). */
@Component(service = P2pCommands.class, property = {
    "osgi.command.scope=p2p",
    "osgi.command.function=addrs",
    "osgi.command.function=peers",
    "osgi.command.function=connect",
    "osgi.command.function=disconnect",
    "osgi.command.function=ping",
    "osgi.command.function=protocols"
})
public final class P2pCommands {

    static final int MAX_PING_COUNT = 1000;

    private final Host host;

    @Activate
    public P2pCommands(@Reference Host host) {
        this.host = host;
    }

    @Descriptor("addresses we listen on, with /p2p/<our peer id>")
    public String addrs() {
        List<String> lines = new ArrayList<>();
        for (Multiaddr a : host.listenAddrs()) {
            lines.add(a + "/p2p/" + host.peerId());
        }
        return lines.isEmpty() ? "not listening" : String.join("\n", lines);
    }

    @Descriptor("live connections: peer, address, direction, open streams, age, agent")
    public String peers() {
        List<PeerConnection> conns = host.connections();
        if (conns.isEmpty()) {
            return "no connections";
        }
        StringBuilder sb = new StringBuilder();
        Instant now = Instant.now();
        for (PeerConnection c : conns) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(c.peer()).append("  ").append(c.remoteAddr()).append("  ")
                    .append(c.outbound() ? "out" : "in").append("  streams=").append(c.openStreams())
                    .append("  age=").append(Duration.between(c.openedAt(), now).toSeconds()).append('s');
            if (host instanceof LibP2pHost lh) {
                lh.peerstore().get(c.peer()).map(r -> r.agentVersion()).ifPresent(a -> sb.append("  ").append(a));
            }
        }
        return sb.toString();
    }

    @Descriptor("connect to a peer, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...")
    public String connect(@Descriptor("multiaddr of the peer") String multiaddr) throws IOException {
        return "connected to " + connect("p2p:connect", parseAddress("p2p:connect", multiaddr));
    }

    @Descriptor("close all connections to a peer")
    public String disconnect(@Descriptor("peer id") String peer) {
        PeerId id = parsePeer("p2p:disconnect", peer);
        boolean was = host.connections().stream().anyMatch(c -> c.peer().equals(id));
        host.disconnect(id);
        return was ? "disconnected from " + id : "not connected to " + id;
    }

    @Descriptor("ping a peer 4 times (/ipfs/ping/1.0.0)")
    public String ping(@Descriptor("peer id or multiaddr") String target) throws IOException {
        return ping(target, 4);
    }

    @Descriptor("ping a peer (/ipfs/ping/1.0.0)")
    public String ping(@Descriptor("peer id or multiaddr") String target,
            @Descriptor("number of round trips (1.." + MAX_PING_COUNT + ")") int count) throws IOException {
        if (count < 1 || count > MAX_PING_COUNT) {
            throw new IllegalArgumentException("p2p:ping: count must be between 1 and " + MAX_PING_COUNT);
        }
        PeerId peer;
        if (target.startsWith("/")) {
            peer = connect("p2p:ping", parseAddress("p2p:ping", target));
        } else {
            peer = parsePeer("p2p:ping", target);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            Duration rtt;
            try {
                rtt = host.ping(peer);
            } catch (IOException e) {
                throw new IOException("p2p:ping: " + e.getMessage(), e);
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(String.format(Locale.ROOT, "pong from %s: seq=%d time=%.3f ms", peer, i, rtt.toNanos() / 1e6));
        }
        return sb.toString();
    }

    @Descriptor("protocol ids this node serves")
    public String protocols() {
        return String.join("\n", host.protocols());
    }

    private PeerId connect(String command, Multiaddr address) throws IOException {
        try {
            return host.connect(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(command + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(command + ": " + e.getMessage(), e);
        }
    }

    private static Multiaddr parseAddress(String command, String text) {
        try {
            return Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(command + ": bad multiaddr '" + text + "': " + e.getMessage());
        }
    }

    private static PeerId parsePeer(String command, String text) {
        try {
            return PeerId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(command + ": bad peer id '" + text + "': " + e.getMessage());
        }
    }
}
