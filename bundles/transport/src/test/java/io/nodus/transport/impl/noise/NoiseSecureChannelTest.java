package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.nodus.api.identity.PeerId;
import io.nodus.transport.impl.multistream.ChannelRecorder;
import io.nodus.transport.impl.multistream.EmbeddedPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NoiseSecureChannelTest {

    private final Ed25519TestIdentity dialerId = Ed25519TestIdentity.create();
    private final Ed25519TestIdentity listenerId = Ed25519TestIdentity.create();
    private final ChannelRecorder dialer = new ChannelRecorder();
    private final ChannelRecorder listener = new ChannelRecorder();

    @Test
    void handshakeAuthenticatesBothSidesAndExchangesEarlyMuxers() {
        EmbeddedPair pair = pair(config(dialerId).withEarlyMuxers(List.of("/yamux/1.0.0")), listenerId.peerId(),
                config(listenerId).withEarlyMuxers(List.of("/yamux/1.0.0", "/mplex/6.7.0")));
        pair.exchange();
        SecureSessionEstablished atDialer = dialer.event(SecureSessionEstablished.class);
        SecureSessionEstablished atListener = listener.event(SecureSessionEstablished.class);
        assertNotNull(atDialer);
        assertNotNull(atListener);
        assertEquals(listenerId.peerId(), atDialer.remote());
        assertArrayEquals(listenerId.publicKeyProtobuf(), atDialer.remotePublicKeyProto());
        assertEquals(List.of("/yamux/1.0.0", "/mplex/6.7.0"), atDialer.remoteEarlyMuxers());
        assertEquals(dialerId.peerId(), atListener.remote());
        assertEquals(List.of("/yamux/1.0.0"), atListener.remoteEarlyMuxers());
        assertTrue(dialer.exceptions.isEmpty() && listener.exceptions.isEmpty());

        byte[] hello = "hello over noise".getBytes(StandardCharsets.UTF_8);
        pair.a.writeOutbound(Unpooled.wrappedBuffer(hello));
        byte[] big = random(300_000, 1);
        pair.b.writeOutbound(Unpooled.wrappedBuffer(big));
        pair.exchange();
        assertArrayEquals(hello, listener.received());
        assertArrayEquals(big, dialer.received());
    }

    @Test
    void handshakeSurvivesOneByteReads() {
        EmbeddedChannel a = new EmbeddedChannel(NoiseSecureChannel.initiator(config(dialerId), listenerId.peerId()), dialer);
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId)), listener);
        for (int round = 0; round < 4; round++) {
            trickle(EmbeddedPair.drain(a), b);
            trickle(EmbeddedPair.drain(b), a);
        }
        assertNotNull(dialer.event(SecureSessionEstablished.class));
        assertNotNull(listener.event(SecureSessionEstablished.class));
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        trickle(EmbeddedPair.drain(a), b);
        assertArrayEquals(new byte[] {1, 2, 3}, listener.received());
    }

    @Test
    void dataSentWithTheLastHandshakeMessageFollowsTheEvent() {
        EmbeddedChannel a = new EmbeddedChannel(NoiseSecureChannel.initiator(config(dialerId), null),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof SecureSessionEstablished) {
                            ctx.writeAndFlush(Unpooled.wrappedBuffer("right after".getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                });
        List<String> order = new ArrayList<>();
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        order.add(evt.getClass().getSimpleName());
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        order.add(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
                        ((ByteBuf) msg).release();
                    }
                });
        EmbeddedPair.move(a, b);
        EmbeddedPair.move(b, a);
        b.writeInbound(Unpooled.wrappedBuffer(EmbeddedPair.drain(a))); // message 3 and the data in one read
        assertEquals(List.of("SecureSessionEstablished", "right after"), order);
    }

    @Test
    void largeWritesAreSplitIntoFramesOfAtMost65535Bytes() {
        EmbeddedPair pair = establishedPair();
        byte[] data = random(200_000, 2);
        pair.a.writeOutbound(Unpooled.wrappedBuffer(data));
        byte[] wire = EmbeddedPair.drain(pair.a);
        assertEquals(List.of(65535, 65535, 65535, 200_000 - 3 * 65519 + 16), frameLengths(wire));
        pair.b.writeInbound(Unpooled.wrappedBuffer(wire));
        assertArrayEquals(data, listener.received());
    }

    @Test
    void writesUntilAFlushAreCoalescedIntoFullFrames() {
        EmbeddedPair pair = establishedPair();
        byte[] data = random(3 * 30_000 + 12 + 70_000, 4);
        List<ChannelFuture> writes = new ArrayList<>();
        int pos = 0;
        for (int i = 0; i < 3; i++, pos += 30_000) { // heap, direct and composite pieces, unflushed
            ByteBuf piece = switch (i) {
                case 0 -> Unpooled.wrappedBuffer(data, pos, 30_000);
                case 1 -> Unpooled.directBuffer(30_000).writeBytes(data, pos, 30_000);
                default -> Unpooled.wrappedBuffer(Unpooled.copiedBuffer(data, pos, 12_000),
                        Unpooled.directBuffer(18_000).writeBytes(data, pos + 12_000, 18_000));
            };
            writes.add(pair.a.write(piece));
        }
        writes.add(pair.a.write(Unpooled.wrappedBuffer(data, pos, 12))); // a header-sized write
        writes.add(pair.a.write(Unpooled.wrappedBuffer(data, pos + 12, 70_000)));
        assertEquals(0, EmbeddedPair.drain(pair.a).length, "nothing leaves before the flush");
        pair.a.flush();
        byte[] wire = EmbeddedPair.drain(pair.a);
        assertEquals(List.of(65535, 65535, data.length - 2 * 65519 + 16), frameLengths(wire));
        assertTrue(writes.stream().allMatch(ChannelFuture::isSuccess));
        pair.b.writeInbound(Unpooled.wrappedBuffer(wire));
        assertArrayEquals(data, listener.received());
    }

    @Test
    void frameOfMaximumLengthIsReadAndGarbageInItFailsDecryption() {
        EmbeddedPair pair = establishedPair();
        ByteBuf frame = Unpooled.buffer().writeShort(0xffff).writeBytes(new byte[0xffff]);
        pair.b.writeInbound(frame);
        assertFailed(pair.b, listener, "decryption failed");
    }

    @Test
    void writesBeforeTheHandshakeAreSentEncryptedAfterIt() {
        EmbeddedChannel a = new EmbeddedChannel(NoiseSecureChannel.initiator(config(dialerId), null), dialer);
        byte[] early = "early data sent before the handshake".getBytes(StandardCharsets.UTF_8);
        ChannelFuture written = a.writeAndFlush(Unpooled.wrappedBuffer(early));
        assertFalse(written.isDone());
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId)), listener);
        EmbeddedPair pair = new EmbeddedPair(a, b);
        pair.exchange();
        assertTrue(written.isSuccess());
        assertArrayEquals(early, listener.received());
    }

    @Test
    void directBuffersAndFramesSplitAcrossReadsWork() {
        EmbeddedPair pair = establishedPair();
        byte[] data = random(70_000, 3);
        ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
        pair.a.writeOutbound(direct);
        byte[] wire = EmbeddedPair.drain(pair.a);
        for (int pos = 0; pos < wire.length; pos += 1000) { // arrives in small direct pieces
            int n = Math.min(1000, wire.length - pos);
            pair.b.writeInbound(Unpooled.directBuffer(n).writeBytes(wire, pos, n));
        }
        assertArrayEquals(data, listener.received());
        assertEquals(0, direct.refCnt());
    }

    @Test
    void tamperedTransportFrameFails() {
        EmbeddedPair pair = establishedPair();
        pair.a.writeOutbound(Unpooled.wrappedBuffer(new byte[100]));
        byte[] wire = EmbeddedPair.drain(pair.a);
        wire[50] ^= 1;
        pair.b.writeInbound(Unpooled.wrappedBuffer(wire));
        assertFailed(pair.b, listener, "authentication tag");
        assertEquals(0, listener.received().length);
    }

    @Test
    void transportFrameShorterThanTheTagFails() {
        EmbeddedPair pair = establishedPair();
        pair.b.writeInbound(Unpooled.buffer().writeShort(10).writeBytes(new byte[10]));
        assertFailed(pair.b, listener, "shorter than the 16-byte tag");
    }

    @Test
    void truncatedHandshakeMessageFailsWhenTheConnectionCloses() {
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId)), listener);
        b.writeInbound(Unpooled.buffer().writeShort(32).writeBytes(new byte[10]));
        assertTrue(listener.exceptions.isEmpty());
        b.close();
        NoiseException e = assertInstanceOf(NoiseException.class, listener.exceptions.get(0));
        assertTrue(e.getMessage().contains("closed during the handshake, inside a message"), e.getMessage());
        assertNull(listener.event(SecureSessionEstablished.class));
    }

    @Test
    void handshakeMessageTooShortForItsPatternFails() {
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId)), listener);
        b.writeInbound(Unpooled.buffer().writeShort(20).writeBytes(new byte[20]));
        assertFailed(b, listener, "needs at least 32");
    }

    @Test
    void garbageSecondMessageFailsTheInitiator() {
        EmbeddedChannel a = new EmbeddedChannel(NoiseSecureChannel.initiator(config(dialerId), null), dialer);
        EmbeddedPair.drain(a);
        a.writeInbound(Unpooled.buffer().writeShort(200).writeBytes(random(200, 4)));
        assertFailed(a, dialer, "decryption failed");
    }

    @Test
    void badIdentitySignatureFailsTheHandshake() {
        Ed25519TestIdentity other = Ed25519TestIdentity.create();
        LocalIdentity forger = new LocalIdentity() {
            @Override
            public byte[] publicKeyProtobuf() {
                return listenerId.publicKeyProtobuf();
            }

            @Override
            public byte[] sign(byte[] data) {
                return other.sign(data); // signed by a key that is not the one presented
            }
        };
        EmbeddedPair pair = pair(config(dialerId), null, config(forger));
        pair.exchange();
        assertFailed(pair.a, dialer, "identity signature over the Noise static key is invalid");
        assertNull(dialer.event(SecureSessionEstablished.class));
        assertNull(listener.event(SecureSessionEstablished.class));
    }

    @Test
    void unexpectedPeerFailsTheDialerBeforeItRevealsItself() {
        PeerId expected = Ed25519TestIdentity.create().peerId();
        EmbeddedPair pair = pair(config(dialerId), expected, config(listenerId));
        pair.exchange();
        assertFailed(pair.a, dialer, "expected peer " + expected + ", got " + listenerId.peerId());
        assertNull(listener.event(SecureSessionEstablished.class));
    }

    @Test
    void peerThatStopsMidHandshakeTimesOut() {
        Duration timeout = Duration.ofMillis(500);
        EmbeddedChannel a = new EmbeddedChannel(NoiseSecureChannel.initiator(config(dialerId).withHandshakeTimeout(timeout), null), dialer);
        EmbeddedChannel b = new EmbeddedChannel(NoiseSecureChannel.responder(config(listenerId).withHandshakeTimeout(timeout)), listener);
        EmbeddedPair.move(a, b); // message 1 arrives; message 2 is never delivered
        EmbeddedPair.drain(b);
        a.advanceTimeBy(400, TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();
        assertTrue(a.isOpen());
        a.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();
        assertFailed(a, dialer, "handshake timed out after 500 ms");
        b.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        b.runScheduledPendingTasks();
        assertFailed(b, listener, "handshake timed out");
    }

    @Test
    void timeoutIsCancelledOnceEstablished() {
        EmbeddedPair pair = establishedPair();
        pair.a.advanceTimeBy(1, TimeUnit.HOURS);
        pair.a.runScheduledPendingTasks();
        assertTrue(pair.a.isOpen());
        assertTrue(dialer.exceptions.isEmpty());
    }

    @Test
    void nonBufferWritesAreRefused() {
        EmbeddedPair pair = establishedPair();
        ChannelFuture f = pair.a.writeAndFlush("not a buffer");
        assertInstanceOf(UnsupportedMessageTypeException.class, f.cause());
    }

    @Test
    void closeInsideATransportFrameIsReported() {
        EmbeddedPair pair = establishedPair();
        pair.b.writeInbound(Unpooled.buffer().writeShort(100).writeBytes(new byte[30]));
        pair.b.close();
        NoiseException e = assertInstanceOf(NoiseException.class, listener.exceptions.get(0));
        assertTrue(e.getMessage().contains("inside a transport frame"), e.getMessage());
    }

    private EmbeddedPair establishedPair() {
        EmbeddedPair pair = pair(config(dialerId), listenerId.peerId(), config(listenerId));
        pair.exchange();
        assertNotNull(dialer.event(SecureSessionEstablished.class));
        assertNotNull(listener.event(SecureSessionEstablished.class));
        return pair;
    }

    private EmbeddedPair pair(NoiseConfig dialerConfig, PeerId expected, NoiseConfig listenerConfig) {
        return new EmbeddedPair(
                new EmbeddedChannel(NoiseSecureChannel.initiator(dialerConfig, expected), dialer),
                new EmbeddedChannel(NoiseSecureChannel.responder(listenerConfig), listener));
    }

    /** The length prefixes of the Noise messages in {@code wire}. */
    private static List<Integer> frameLengths(byte[] wire) {
        List<Integer> frames = new ArrayList<>();
        for (int pos = 0; pos < wire.length; ) {
            int length = ((wire[pos] & 0xff) << 8) | (wire[pos + 1] & 0xff);
            frames.add(length);
            pos += 2 + length;
        }
        return frames;
    }

    private static void trickle(byte[] bytes, EmbeddedChannel to) {
        for (byte b : bytes) {
            to.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    static NoiseConfig config(LocalIdentity identity) {
        return NoiseConfig.of(identity, Ed25519TestIdentity.VERIFIER);
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertFailed(EmbeddedChannel ch, ChannelRecorder recorder, String reason) {
        assertFalse(ch.isOpen(), "channel must be closed");
        assertEquals(1, recorder.exceptions.size(), recorder.exceptions.toString());
        NoiseException e = assertInstanceOf(NoiseException.class, recorder.exceptions.get(0));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
