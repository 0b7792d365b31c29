package io.nodus.transport.impl.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

class YamuxFrameCodecTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    void headerLayoutFollowsTheSpec() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameEncoder());
        channel.writeOutbound(YamuxFrame.windowUpdate(0x01020304, YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN, 0x40000));
        ByteBuf wire = channel.readOutbound();
        // version 0, type 1 (window update), flags SYN|FIN, stream id, length: all big endian
        assertEquals("00" + "01" + "0005" + "01020304" + "00040000", ByteBufUtil.hexDump(wire));
        wire.release();
        assertFalse(channel.finish());
    }

    @Test
    void defaultLimitAcceptsTheLargeFramesJsYamuxSends() {
        assertEquals(YamuxConfig.DEFAULT_MAX_RECEIVE_WINDOW, YamuxConfig.defaults().maxFramePayload());
        int jsFrame = 1_500_000; // js-yamux sends frames as large as the window it was granted (seen: 1.5 MB)
        byte[] payload = bytes(jsFrame, 3);
        EmbeddedChannel out = new EmbeddedChannel(new YamuxFrameEncoder());
        EmbeddedChannel in = new EmbeddedChannel(new YamuxFrameDecoder(YamuxConfig.defaults().maxFramePayload()));
        out.writeOutbound(YamuxFrame.data(1, 0, Unpooled.wrappedBuffer(payload)));
        ByteBuf wire = out.readOutbound();

        in.writeInbound(wire);

        YamuxFrame decoded = in.readInbound();
        assertEquals(jsFrame, decoded.content().readableBytes());
        decoded.release();
        assertFalse(in.finish());
        assertFalse(out.finish());
    }

    @Test
    void everyFrameTypeSurvivesARoundTrip() {
        byte[] small = bytes(100, 1);
        byte[] large = bytes(LIMIT, 2);
        YamuxFrame[] frames = {
            YamuxFrame.data(1, YamuxFrame.FLAG_SYN, Unpooled.wrappedBuffer(small)),
            YamuxFrame.data(0xFFFFFFFF, YamuxFrame.FLAG_FIN, Unpooled.wrappedBuffer(large)),
            YamuxFrame.data(3, 0, Unpooled.EMPTY_BUFFER),
            YamuxFrame.windowUpdate(2, YamuxFrame.FLAG_ACK, 0xFFFFFFFF),
            YamuxFrame.windowUpdate(5, YamuxFrame.FLAG_RST, 0),
            YamuxFrame.ping(YamuxFrame.FLAG_SYN, 0xCAFEBABE),
            YamuxFrame.goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR),
        };
        EmbeddedChannel out = new EmbeddedChannel(new YamuxFrameEncoder());
        EmbeddedChannel in = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        for (YamuxFrame frame : frames) {
            String expected = frame.toString();
            byte[] payload = ByteBufUtil.getBytes(frame.content());
            out.writeOutbound(frame);
            ByteBuf wire = out.readOutbound();
            in.writeInbound(wire);
            YamuxFrame decoded = in.readInbound();
            assertEquals(expected, decoded.toString());
            assertArrayEquals(payload, ByteBufUtil.getBytes(decoded.content()));
            decoded.release();
            assertEquals(0, wire.refCnt(), "wire buffer leaked");
        }
        assertFalse(out.finish());
        assertFalse(in.finish());
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        byte[] payload = bytes(5000, 3);
        EmbeddedChannel out = new EmbeddedChannel(new YamuxFrameEncoder());
        out.writeOutbound(YamuxFrame.data(7, 0, Unpooled.wrappedBuffer(payload)), YamuxFrame.ping(YamuxFrame.FLAG_ACK, 9));
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf part; (part = out.readOutbound()) != null;) {
            wire.writeBytes(part);
            part.release();
        }
        EmbeddedChannel in = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        SplittableRandom random = new SplittableRandom(4);
        while (wire.isReadable()) {
            int n = Math.min(wire.readableBytes(), 1 + random.nextInt(700));
            in.writeInbound(wire.readRetainedSlice(n));
        }
        wire.release();
        YamuxFrame data = in.readInbound();
        assertEquals(YamuxFrameType.DATA, data.type());
        assertArrayEquals(payload, ByteBufUtil.getBytes(data.content()));
        data.release();
        YamuxFrame ping = in.readInbound();
        assertEquals(YamuxFrameType.PING, ping.type());
        assertEquals(9, ping.length());
        assertNull(in.readInbound());
        assertFalse(in.finish());
    }

    @Test
    void unsupportedVersionIsAConnectionError() {
        assertConnectionError(header(1, 0, 0, 1, 0), "version");
    }

    @Test
    void unknownTypeIsAConnectionError() {
        assertConnectionError(header(0, 4, 0, 1, 0), "unknown frame type");
    }

    @Test
    void dataFrameOverTheLimitIsRejectedFromItsHeader() {
        // only the header arrives: the decoder must not wait to buffer a payload it would reject
        assertConnectionError(header(0, 0, 0, 1, LIMIT + 1), "exceeds the limit");
    }

    @Test
    void bytesAfterAViolationAreDiscarded() {
        EmbeddedChannel in = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        assertThrows(DecoderException.class, () -> in.writeInbound(header(0, 9, 0, 0, 0)));
        in.writeInbound(header(0, YamuxFrameType.PING.code(), YamuxFrame.FLAG_SYN, 0, 1));
        assertNull(in.readInbound(), "no frame may be decoded after the stream of frames broke");
        assertFalse(in.finish());
    }

    private static void assertConnectionError(ByteBuf wire, String reason) {
        EmbeddedChannel in = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(wire));
        YamuxException cause = assertInstanceOf(YamuxException.class, e.getCause());
        assertEquals(YamuxException.Scope.CONNECTION, cause.scope());
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, cause.goAwayCode());
        assertTrue(cause.getMessage().contains(reason), cause.getMessage());
        assertFalse(in.finish());
    }

    static ByteBuf header(int version, int type, int flags, int streamId, int length) {
        return Unpooled.buffer(12).writeByte(version).writeByte(type).writeShort(flags).writeInt(streamId)
                .writeInt(length);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
