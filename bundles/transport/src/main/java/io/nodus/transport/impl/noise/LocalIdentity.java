package io.nodus.transport.impl.noise;

import io.nodus.api.identity.NodeIdentity;

/** The local libp2p identity key as the Noise handshake needs it: its public half and signatures by it. */
public interface LocalIdentity {

    /** The public key as the libp2p {@code PublicKey} protobuf message. */
    byte[] publicKeyProtobuf();

    /** A signature of {@code data} following the peer-ids spec signing rules for this key type. */
    byte[] sign(byte[] data);

    /** Adapts the node's identity service. */
    static LocalIdentity of(NodeIdentity identity) {
        return new LocalIdentity() {
            @Override
            public byte[] publicKeyProtobuf() {
                return identity.publicKeyProtobuf();
            }

            @Override
            public byte[] sign(byte[] data) {
                return identity.sign(data);
            }
        };
    }
}
