package io.nodus.transport.impl.noise;

/**
 * The result of a completed handshake (Noise spec 5.3 Split()): one CipherState per direction and the final
 * handshake hash.
 *
 * @param sender        encrypts what this side sends
 * @param receiver      decrypts what the remote side sends
 * @param handshakeHash the handshake hash h
 */
public record NoiseSession(CipherState sender, CipherState receiver, byte[] handshakeHash) {
}
