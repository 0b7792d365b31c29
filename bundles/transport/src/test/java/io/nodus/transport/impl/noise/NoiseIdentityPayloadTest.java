package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.nodus.transport.impl.proto.NoiseProto.NoiseHandshakePayload;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseIdentityPayloadTest {

    private final Ed25519TestIdentity identity = Ed25519TestIdentity.create();
    private final byte[] staticKey = new byte[32];

    NoiseIdentityPayloadTest() {
        new SecureRandom().nextBytes(staticKey);
    }

    @Test
    void roundTripCarriesKeyPeerAndMuxers() throws NoiseException {
        byte[] encoded = NoiseIdentityPayload.encode(identity, staticKey, List.of("/yamux/1.0.0", "/mplex/6.7.0"));
        NoiseHandshakePayload proto = parse(encoded);
        assertEquals(List.of("/yamux/1.0.0", "/mplex/6.7.0"), proto.getExtensions().getStreamMuxersList());
        NoiseIdentityPayload decoded = NoiseIdentityPayload.decodeAndVerify(encoded, staticKey, Ed25519TestIdentity.VERIFIER);
        assertArrayEquals(identity.publicKeyProtobuf(), decoded.identityKey());
        assertEquals(identity.peerId(), decoded.peerId());
        assertEquals(List.of("/yamux/1.0.0", "/mplex/6.7.0"), decoded.streamMuxers());
    }

    @Test
    void noMuxersMeansNoExtensions() throws NoiseException {
        byte[] encoded = NoiseIdentityPayload.encode(identity, staticKey, List.of());
        assertTrue(!parse(encoded).hasExtensions());
        assertEquals(List.of(), NoiseIdentityPayload.decodeAndVerify(encoded, staticKey, Ed25519TestIdentity.VERIFIER).streamMuxers());
    }

    @Test
    void signatureCoversTheNoiseStaticKey() {
        byte[] encoded = NoiseIdentityPayload.encode(identity, staticKey, List.of());
        byte[] otherKey = staticKey.clone();
        otherKey[0] ^= 1;
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseIdentityPayload.decodeAndVerify(encoded, otherKey, Ed25519TestIdentity.VERIFIER));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void signedDataIsPrefixAndKey() {
        byte[][] seen = new byte[1][];
        LocalIdentity spy = new LocalIdentity() {
            @Override
            public byte[] publicKeyProtobuf() {
                return identity.publicKeyProtobuf();
            }

            @Override
            public byte[] sign(byte[] data) {
                seen[0] = data;
                return identity.sign(data);
            }
        };
        NoiseIdentityPayload.encode(spy, staticKey, List.of());
        byte[] expected = new byte[24 + 32];
        System.arraycopy("noise-libp2p-static-key:".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, expected, 0, 24);
        System.arraycopy(staticKey, 0, expected, 24, 32);
        assertArrayEquals(expected, seen[0]);
    }

    @Test
    void missingOrMalformedFieldsAreTypedFailures() {
        byte[] good = NoiseIdentityPayload.encode(identity, staticKey, List.of());
        NoiseHandshakePayload proto = parse(good);
        assertFails(proto.toBuilder().clearIdentityKey().build().toByteArray(), "no identity key");
        assertFails(proto.toBuilder().clearIdentitySig().build().toByteArray(), "no identity signature");
        assertFails(proto.toBuilder().setIdentityKey(ByteString.copyFrom(new byte[] {8, 9})).build().toByteArray(), "identity key");
        assertFails(new byte[] {(byte) 0xff, (byte) 0xff}, "malformed");
    }

    private void assertFails(byte[] payload, String reason) {
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseIdentityPayload.decodeAndVerify(payload, staticKey, Ed25519TestIdentity.VERIFIER));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static NoiseHandshakePayload parse(byte[] bytes) {
        try {
            return NoiseHandshakePayload.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
