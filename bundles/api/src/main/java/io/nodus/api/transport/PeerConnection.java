package io.nodus.api.transport;

import java.time.Instant;

import io.nodus.api.identity.PeerId;

/**
 * A snapshot of one live connection.
 *
 * @param peer         the remote peer
 * @param remoteAddr   the address the connection runs to (e.g. /ip4/1.2.3.4/tcp/4001)
 * @param outbound     true when we dialed
 * @param openStreams  streams open on the connection now
 * @param openedAt     when the connection was upgraded
 * @param route        how the connection left the node: {@code direct}, {@code socks5}, {@code tor}, or {@code inbound}
 */
public record PeerConnection(PeerId peer, Multiaddr remoteAddr, boolean outbound, int openStreams,
        Instant openedAt, String route) {
}
