package io.nodus.transport.impl.noise;

import io.nodus.api.identity.NodeIdentity;

/** Verifies a signature made by a remote libp2p identity key. */
@FunctionalInterface
public interface SignatureVerifier {

    /**
     * @param publicKeyProtobuf the signer's key as a libp2p {@code PublicKey} protobuf message
     * @return true only when {@code signature} is valid for {@code data} under that key
     * @throws IllegalArgumentException when the key cannot be decoded or its type is unsupported
     */
    boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature);

    /** Adapts the node's identity service, which verifies every libp2p key type. */
    static SignatureVerifier of(NodeIdentity identity) {
        return identity::verify;
    }
}
