package io.nodus.pubsub.impl.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.pubsub.impl.proto.RpcProto.ControlGraft;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIHave;
import io.nodus.pubsub.impl.proto.RpcProto.ControlIWant;
import io.nodus.pubsub.impl.proto.RpcProto.ControlMessage;
import io.nodus.pubsub.impl.proto.RpcProto.ControlPrune;
import io.nodus.pubsub.impl.proto.RpcProto.Message;
import io.nodus.pubsub.impl.proto.RpcProto.PeerInfo;
import io.nodus.pubsub.impl.proto.RpcProto.RPC;

class RpcFramesTest {

    private static final int LIMIT = 1024 * 1024;

    static RPC fullRpc() {
        return RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("news"))
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(false).setTopicid("old"))
                .addPublish(Message.newBuilder().setFrom(ByteString.copyFrom(new byte[] {0, 36, 8, 1}))
                        .setData(ByteString.copyFromUtf8("hello")).setSeqno(ByteString.copyFrom(new byte[8]))
                        .setTopic("news").setSignature(ByteString.copyFrom(new byte[64])))
                .setControl(ControlMessage.newBuilder()
                        .addIhave(ControlIHave.newBuilder().setTopicID("news")
                                .addMessageIDs(ByteString.copyFromUtf8("id1")).addMessageIDs(ByteString.copyFromUtf8("id2")))
                        .addIwant(ControlIWant.newBuilder().addMessageIDs(ByteString.copyFromUtf8("id3")))
                        .addGraft(ControlGraft.newBuilder().setTopicID("news"))
                        .addPrune(ControlPrune.newBuilder().setTopicID("old").setBackoff(60)
                                .addPeers(PeerInfo.newBuilder().setPeerID(ByteString.copyFromUtf8("p")))))
                .build();
    }

    @Test
    void framesRoundTripAtVarintBoundaries() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] sizes = {0, 1, 127, 128, 16_383, 16_384, LIMIT};
        Random random = new Random(7);
        byte[][] payloads = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            payloads[i] = new byte[sizes[i]];
            random.nextBytes(payloads[i]);
            RpcFrames.write(out, payloads[i]);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (byte[] p : payloads) {
            assertArrayEquals(p, RpcFrames.read(in, LIMIT));
        }
        assertNull(RpcFrames.read(in, LIMIT), "a clean end of stream between frames");
        assertEquals("ac02", HexFormat.of().formatHex(RpcFrames.frame(new byte[300]), 0, 2), "300 = 0xac 0x02");
    }

    @Test
    void rpcRoundTripsWithEveryField() throws IOException {
        RPC rpc = fullRpc();
        ByteArrayInputStream in = new ByteArrayInputStream(RpcFrames.frame(rpc.toByteArray()));
        RPC back = RpcDecoder.decode(RpcFrames.read(in, LIMIT));
        assertEquals(rpc, back);
        assertEquals(60, back.getControl().getPrune(0).getBackoff());
        assertEquals("id2", back.getControl().getIhave(0).getMessageIDs(1).toStringUtf8());
    }

    @Test
    void unknownFieldsSuchAsIDontWantAreKept() throws IOException {
        // ControlMessage field 5 (gossipsub v1.2 IDONTWANT) with one id: 2a 05 0a 03 'a' 'b' 'c'
        byte[] control = HexFormat.of().parseHex("2a050a03616263");
        byte[] rpc = new byte[control.length + 2];
        rpc[0] = 0x1a; // RPC field 3, length-delimited
        rpc[1] = (byte) control.length;
        System.arraycopy(control, 0, rpc, 2, control.length);
        RPC decoded = RpcDecoder.decode(rpc);
        assertTrue(decoded.hasControl());
        assertArrayEquals(rpc, decoded.toByteArray(), "re-marshalled unchanged");
    }

    @Test
    void truncatedVarintIsAViolation() {
        PubSubWireException e = assertThrows(PubSubWireException.class,
                () -> RpcFrames.read(new ByteArrayInputStream(new byte[] {(byte) 0x80}), LIMIT));
        assertTrue(e.getMessage().contains("inside a length prefix"), e.getMessage());
    }

    @Test
    void overlongAndNonMinimalPrefixesAreViolations() {
        PubSubWireException overlong = assertThrows(PubSubWireException.class, () -> RpcFrames.read(
                new ByteArrayInputStream(HexFormat.of().parseHex("8080808001")), LIMIT));
        assertTrue(overlong.getMessage().contains("longer than 4 bytes"), overlong.getMessage());
        PubSubWireException padded = assertThrows(PubSubWireException.class, () -> RpcFrames.read(
                new ByteArrayInputStream(HexFormat.of().parseHex("8100")), LIMIT));
        assertTrue(padded.getMessage().contains("minimally"), padded.getMessage());
    }

    @Test
    void oversizedFrameIsRejectedBeforeItsBodyIsRead() {
        byte[] prefix = RpcFrames.frame(new byte[LIMIT + 1]);
        byte[] onlyPrefix = java.util.Arrays.copyOf(prefix, RpcFrames.prefixLength(LIMIT + 1));
        PubSubWireException e = assertThrows(PubSubWireException.class,
                () -> RpcFrames.read(new ByteArrayInputStream(onlyPrefix), LIMIT));
        assertTrue(e.getMessage().contains("exceeds the limit of " + LIMIT), e.getMessage());
    }

    @Test
    void truncatedBodyIsAViolation() {
        PubSubWireException e = assertThrows(PubSubWireException.class, () -> RpcFrames.read(
                new ByteArrayInputStream(new byte[] {10, 1, 2, 3}), LIMIT));
        assertEquals("stream ended after 3 of 10 RPC bytes", e.getMessage());
    }

    @Test
    void garbageProtobufIsAViolation() {
        // field 1 length-delimited claiming 100 bytes with 2 present; then an invalid wire type 7
        for (String hex : new String[] {"0a640102", "0f", "ffffffffffffffffffff01", "12"}) {
            PubSubWireException e = assertThrows(PubSubWireException.class,
                    () -> RpcDecoder.decode(HexFormat.of().parseHex(hex)), hex);
            assertTrue(e.getMessage().startsWith("malformed RPC protobuf"), e.getMessage());
        }
    }
}
