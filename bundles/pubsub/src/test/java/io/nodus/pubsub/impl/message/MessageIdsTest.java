package io.nodus.pubsub.impl.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * Expected ids were printed by js-libp2p's {@code @libp2p/gossipsub} 17.1.1 ({@code msgIdFnStrictSign}, its
 * default for signed messages) for the Ed25519 key 01..20 (peer 12D3KooW9tJMax94Lrqw7Y5Qw36viGQAS2gTEPQ5Wg1vTk7xPfQs).
 */
class MessageIdsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY_PROTO = "080112200102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    private static final ByteString FROM = bytes("0024" + KEY_PROTO);

    @Test
    void signedEd25519MessageGetsTheIdJsGossipsubComputes() {
        Message m = Message.newBuilder().setFrom(FROM).setSeqno(bytes("0102030405060708")).build();
        assertEquals(KEY_PROTO + "0102030405060708", hex(MessageIds.of(m)));
    }

    @Test
    void shortSeqnoIsPaddedToEightBytesAsJsDoes() {
        Message m = Message.newBuilder().setFrom(FROM).setSeqno(bytes("05")).build();
        assertEquals(KEY_PROTO + "0000000000000005", hex(MessageIds.of(m)));
    }

    @Test
    void hashedPeerIdTakesTheKeyField() {
        ByteString sha256From = bytes("1220" + "ab".repeat(32)); // an RSA peer id: sha2-256 multihash
        ByteString rsaKey = bytes("080012" + "cd".repeat(4));
        Message m = Message.newBuilder().setFrom(sha256From).setKey(rsaKey).setSeqno(bytes("0000000000000001"))
                .build();
        assertEquals(hex(rsaKey) + "0000000000000001", hex(MessageIds.of(m)));
    }

    @Test
    void withoutAKeyTheSpecDefaultFromAndSeqnoIsUsed() {
        ByteString sha256From = bytes("1220" + "ab".repeat(32));
        Message m = Message.newBuilder().setFrom(sha256From).setSeqno(bytes("0000000000000001")).build();
        assertEquals(hex(sha256From) + "0000000000000001", hex(MessageIds.of(m)));
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    private static String hex(ByteString b) {
        return HEX.formatHex(b.toByteArray());
    }
}
