package io.nodus.transport.impl.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.nodus.api.identity.PeerId;
import io.nodus.transport.impl.proto.KeysProto;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** A libp2p Ed25519 identity for tests: BouncyCastle keys and a hand-built PublicKey protobuf. */
final class Ed25519TestIdentity implements LocalIdentity {

    /** Verifies Ed25519 libp2p keys only, as the host's NodeIdentity would for this key type. */
    static final SignatureVerifier VERIFIER = Ed25519TestIdentity::verify;

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKeyProtobuf;

    Ed25519TestIdentity(SecureRandom random) {
        privateKey = new Ed25519PrivateKeyParameters(random);
        publicKeyProtobuf = KeysProto.PublicKey.newBuilder()
                .setType(KeysProto.KeyType.Ed25519)
                .setData(ByteString.copyFrom(privateKey.generatePublicKey().getEncoded()))
                .build().toByteArray();
    }

    static Ed25519TestIdentity create() {
        return new Ed25519TestIdentity(new SecureRandom());
    }

    PeerId peerId() {
        return PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    @Override
    public byte[] publicKeyProtobuf() {
        return publicKeyProtobuf.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    static boolean verify(byte[] publicKeyProtobuf, byte[] data, byte[] signature) {
        KeysProto.PublicKey key;
        try {
            key = KeysProto.PublicKey.parseFrom(publicKeyProtobuf);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a PublicKey message", e);
        }
        if (key.getType() != KeysProto.KeyType.Ed25519 || key.getData().size() != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("unsupported key type " + key.getType());
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key.getData().toByteArray()));
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }
}
