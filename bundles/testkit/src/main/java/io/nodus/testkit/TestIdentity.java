package io.nodus.testkit;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import io.nodus.identity.impl.Ed25519KeyIdentity;

/** An in-memory Ed25519 node identity for tests: the node's own identity without its key file. */
public final class TestIdentity extends Ed25519KeyIdentity {

    /** A fresh random key. */
    public TestIdentity() {
        super(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** The identity of a 32-byte Ed25519 private key (RFC 8032 seed). */
    public TestIdentity(byte[] privateKey) {
        super(new Ed25519PrivateKeyParameters(privateKey, 0));
    }

    /** A deterministic identity: the private key is 32 bytes of {@code seed}, so tests can name peers. */
    public static TestIdentity seeded(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return new TestIdentity(key);
    }

    /** The libp2p PublicKey message of an Ed25519 public key. */
    public static byte[] protobuf(byte[] ed25519PublicKey) {
        return ed25519PublicKeyProtobuf(ed25519PublicKey);
    }
}
