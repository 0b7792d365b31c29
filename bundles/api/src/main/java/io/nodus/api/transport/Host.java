package io.nodus.api.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * The libp2p host: listens, dials (through the active proxy provider), upgrades connections with
 * multistream-select, Noise and Yamux, and opens streams. Protocol handlers are a whiteboard, see
 * {@link ProtocolHandler}.
 */
@ProviderType
public interface Host {

    PeerId peerId();

    /** Addresses we listen on, as dialable multiaddrs (without {@code /p2p/}). */
    List<Multiaddr> listenAddrs();

    /**
     * Connects to a peer (reusing a live connection). When the address ends in {@code /p2p/<id>}
     * the remote must prove that identity, or the connection is refused.
     *
     * @return the remote's verified peer ID
     */
    PeerId connect(Multiaddr address) throws IOException;

    void disconnect(PeerId peer);

    /** Opens a stream, negotiating the first protocol of {@code protocols} the remote supports. */
    P2PStream newStream(PeerId peer, String... protocols) throws IOException;

    /** One {@code /ipfs/ping/1.0.0} round trip. */
    Duration ping(PeerId peer) throws IOException;

    List<PeerConnection> connections();

    /** Protocol ids we currently serve. */
    Set<String> protocols();

    /** Addresses we know for a peer (peerstore), possibly empty. */
    List<Multiaddr> knownAddrs(PeerId peer);
}
