package io.nodus.transport.impl.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.nodus.api.identity.PeerId;
import io.nodus.transport.impl.proto.NoiseProto.NoiseExtensions;
import io.nodus.transport.impl.proto.NoiseProto.NoiseHandshakePayload;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The libp2p handshake payload (libp2p noise spec, "The libp2p Handshake Payload"): the identity key, its
 * signature over the Noise static key, and extensions (early stream muxers).
 *
 * @param identityKey  the sender's libp2p {@code PublicKey} protobuf
 * @param peerId       the peer ID derived from {@code identityKey}
 * @param streamMuxers the sender's early muxer list (empty when it sent none)
 */
public record NoiseIdentityPayload(byte[] identityKey, PeerId peerId, List<String> streamMuxers) {

    /** Prefix of the signed data ("Static Key Authentication"). */
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    /** Builds and signs our payload for the static key {@code noiseStaticPublicKey}. */
    public static byte[] encode(LocalIdentity identity, byte[] noiseStaticPublicKey, List<String> streamMuxers) {
        NoiseHandshakePayload.Builder payload = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identity.publicKeyProtobuf()))
                .setIdentitySig(ByteString.copyFrom(identity.sign(signedData(noiseStaticPublicKey))));
        if (!streamMuxers.isEmpty()) {
            payload.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers));
        }
        return payload.build().toByteArray();
    }

    /**
     * Decodes a remote payload and checks that its identity key signed {@code noiseStaticPublicKey}.
     *
     * @throws NoiseException when the payload is malformed, a field is missing, the key is unusable or the
     *                        signature is invalid
     */
    public static NoiseIdentityPayload decodeAndVerify(byte[] payloadBytes, byte[] noiseStaticPublicKey,
            SignatureVerifier verifier) throws NoiseException {
        NoiseHandshakePayload payload;
        try {
            payload = NoiseHandshakePayload.parseFrom(payloadBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseException("malformed handshake payload: " + e.getMessage(), e);
        }
        if (!payload.hasIdentityKey() || payload.getIdentityKey().isEmpty()) {
            throw new NoiseException("handshake payload has no identity key");
        }
        if (!payload.hasIdentitySig() || payload.getIdentitySig().isEmpty()) {
            throw new NoiseException("handshake payload has no identity signature");
        }
        byte[] key = payload.getIdentityKey().toByteArray();
        boolean valid;
        try {
            valid = verifier.verify(key, signedData(noiseStaticPublicKey), payload.getIdentitySig().toByteArray());
        } catch (RuntimeException e) {
            throw new NoiseException("unusable identity key: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new NoiseException("identity signature over the Noise static key is invalid");
        }
        PeerId peerId;
        try {
            peerId = PeerId.fromPublicKeyProtobuf(key);
        } catch (RuntimeException e) {
            throw new NoiseException("cannot derive a peer ID from the identity key: " + e.getMessage(), e);
        }
        List<String> muxers = payload.hasExtensions() ? List.copyOf(payload.getExtensions().getStreamMuxersList()) : List.of();
        return new NoiseIdentityPayload(key, peerId, muxers);
    }

    private static byte[] signedData(byte[] noiseStaticPublicKey) {
        byte[] data = new byte[SIGNATURE_PREFIX.length + noiseStaticPublicKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, data, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(noiseStaticPublicKey, 0, data, SIGNATURE_PREFIX.length, noiseStaticPublicKey.length);
        return data;
    }
}
