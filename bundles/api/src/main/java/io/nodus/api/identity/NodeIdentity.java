package io.nodus.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's long-term Ed25519 identity key (created on first start, kept in {@code <data>/keys/}).
 * The private key never leaves the implementing bundle: callers ask for signatures.
 */
@ProviderType
public interface NodeIdentity {

    /** This node's peer ID, derived from its public key as the libp2p peer-ids spec says. */
    PeerId peerId();

    /** The raw 32-byte Ed25519 public key. */
    byte[] publicKey();

    /** The public key as the libp2p {@code PublicKey} protobuf message (type + data). */
    byte[] publicKeyProtobuf();

    /** Ed25519 signature of {@code data} with the node's private key. */
    byte[] sign(byte[] data);

    /**
     * Verifies a signature made by any libp2p key (Ed25519, RSA, secp256k1, ECDSA).
     *
     * @param publicKeyProtobuf the signer's key as a libp2p {@code PublicKey} protobuf message
     * @return true only when the signature is valid for that key
     * @throws IllegalArgumentException when the key cannot be decoded or its type is unsupported
     */
    boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature);
}
