package io.nodus.crypto.impl;

import java.security.SecureRandom;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.Ed25519;

/** An in-memory Ed25519 node identity for tests (the identity bundle keeps its key in a file). */
public final class TestIdentity implements NodeIdentity {

    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[] protobuf;
    private final PeerId peerId;

    public TestIdentity() {
        this(Ed25519.generatePrivateKey(new SecureRandom()));
    }

    public TestIdentity(byte[] privateKey) {
        this.privateKey = privateKey.clone();
        this.publicKey = Ed25519.publicKey(privateKey);
        this.protobuf = protobuf(publicKey);
        this.peerId = PeerId.fromPublicKeyProtobuf(protobuf);
    }

    /** The libp2p PublicKey message of an Ed25519 key (type 1). */
    public static byte[] protobuf(byte[] ed25519PublicKey) {
        byte[] p = new byte[4 + ed25519PublicKey.length];
        p[0] = 0x08;
        p[1] = 0x01;
        p[2] = 0x12;
        p[3] = (byte) ed25519PublicKey.length;
        System.arraycopy(ed25519PublicKey, 0, p, 4, ed25519PublicKey.length);
        return p;
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] publicKeyProtobuf() {
        return protobuf.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        return Ed25519.sign(privateKey, data);
    }

    @Override
    public boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature) {
        if (publicKeyProtobuf.length != 36 || publicKeyProtobuf[1] != 0x01) {
            throw new IllegalArgumentException("test identity verifies Ed25519 keys only");
        }
        return Ed25519.verify(java.util.Arrays.copyOfRange(publicKeyProtobuf, 4, 36), data, signature);
    }
}
