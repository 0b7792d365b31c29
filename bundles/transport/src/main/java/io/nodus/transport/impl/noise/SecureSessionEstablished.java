package io.nodus.transport.impl.noise;

import io.nodus.api.identity.PeerId;
import java.util.List;

/**
 * User event fired down the pipeline by {@link NoiseSecureChannel} once the handshake has completed and the
 * remote identity signature has been verified. From then on the handler encrypts writes and decrypts reads.
 *
 * @param remote                the authenticated remote peer
 * @param remotePublicKeyProto  the remote identity key as a libp2p {@code PublicKey} protobuf
 * @param remoteEarlyMuxers     the muxers the remote advertised in its handshake payload (may be empty)
 */
public record SecureSessionEstablished(PeerId remote, byte[] remotePublicKeyProto, List<String> remoteEarlyMuxers) {
}
