package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.nodus.api.identity.PeerId;
import io.nodus.transport.impl.multistream.MultistreamNegotiator;
import io.nodus.transport.impl.multistream.ProtocolNegotiated;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection upgrade of the libp2p connections spec over real loopback TCP: multistream-select picks
 * {@code /noise}, Noise XX secures the channel, multistream-select (encrypted) picks the muxer, data flows.
 */
class NoiseLoopbackTest {

    private static final String MUXER = "/yamux/1.0.0";
    private static final long WAIT_SECONDS = 20;

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final Ed25519TestIdentity dialerId = Ed25519TestIdentity.create();
    private final Ed25519TestIdentity listenerId = Ed25519TestIdentity.create();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void upgradesAConnectionAndCarriesData() throws Exception {
        Upgrade server = new Upgrade(false, NoiseSecureChannelTest.config(listenerId).withEarlyMuxers(List.of(MUXER)), null);
        Channel serverChannel = listen(ch -> ch.pipeline().addLast(MultistreamNegotiator.responder(Set.of("/noise")), server));
        Upgrade client = new Upgrade(true, NoiseSecureChannelTest.config(dialerId).withEarlyMuxers(List.of(MUXER)),
                listenerId.peerId());
        Channel clientChannel = dial(serverChannel, ch -> ch.pipeline().addLast(
                MultistreamNegotiator.initiator(List.of("/tls/1.0.0", "/noise")), client));

        assertEquals(MUXER, client.muxer.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(MUXER, server.muxer.get(WAIT_SECONDS, TimeUnit.SECONDS));
        SecureSessionEstablished atClient = client.session.get(WAIT_SECONDS, TimeUnit.SECONDS);
        SecureSessionEstablished atServer = server.session.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(listenerId.peerId(), atClient.remote());
        assertEquals(dialerId.peerId(), atServer.remote());
        assertEquals(List.of(MUXER), atClient.remoteEarlyMuxers());
        assertEquals(List.of(MUXER), atServer.remoteEarlyMuxers());

        byte[] data = NoiseSecureChannelTest.random(1 << 20, 9);
        client.expect(data.length);
        clientChannel.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
        assertArrayEquals(data, client.received.get(WAIT_SECONDS, TimeUnit.SECONDS), "echoed through both ciphers");
    }

    @Test
    void silentListenerMakesTheDialerTimeOut() throws Exception {
        Channel serverChannel = listen(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release(); // reads message 1, never answers
            }
        }));
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        NoiseConfig config = NoiseSecureChannelTest.config(dialerId).withHandshakeTimeout(Duration.ofMillis(200));
        Channel clientChannel = dial(serverChannel, ch -> ch.pipeline().addLast(NoiseSecureChannel.initiator(config, null),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        failure.complete(cause);
                    }
                }));
        clientChannel.closeFuture().addListener(f -> closed.complete(null));
        NoiseException e = assertInstanceOf(NoiseException.class, failure.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private Channel listen(Consumer<SocketChannel> init) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(initializer(init))
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private Channel dial(Channel server, Consumer<SocketChannel> init) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class).handler(initializer(init))
                .connect(server.localAddress()).sync().channel();
    }

    private static ChannelInitializer<SocketChannel> initializer(Consumer<SocketChannel> init) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                init.accept(ch);
            }
        };
    }

    /** What the host does: install the next layer on each event, then echo (server) or collect (client). */
    private static final class Upgrade extends ChannelInboundHandlerAdapter {
        final CompletableFuture<SecureSessionEstablished> session = new CompletableFuture<>();
        final CompletableFuture<String> muxer = new CompletableFuture<>();
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        private final boolean dialer;
        private final NoiseConfig config;
        private final PeerId expected;
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
        private volatile int expectedLength = -1;

        Upgrade(boolean dialer, NoiseConfig config, PeerId expected) {
            this.dialer = dialer;
            this.config = config;
            this.expected = expected;
        }

        void expect(int length) {
            expectedLength = length;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ProtocolNegotiated p && p.protocol().equals(NoiseSecureChannel.PROTOCOL_ID)) {
                ChannelHandler noise = dialer ? NoiseSecureChannel.initiator(config, expected) : NoiseSecureChannel.responder(config);
                ctx.pipeline().addBefore(ctx.name(), "noise", noise);
            } else if (evt instanceof SecureSessionEstablished s) {
                session.complete(s);
                ctx.pipeline().addBefore(ctx.name(), "muxer-select",
                        dialer ? MultistreamNegotiator.initiator(List.of(MUXER)) : MultistreamNegotiator.responder(Set.of(MUXER)));
            } else if (evt instanceof ProtocolNegotiated p) {
                muxer.complete(p.protocol());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (!dialer) {
                ctx.writeAndFlush(buf); // echo
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            collected.writeBytes(bytes);
            if (collected.size() == expectedLength) {
                received.complete(collected.toByteArray());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.completeExceptionally(cause);
            muxer.completeExceptionally(cause);
            received.completeExceptionally(cause);
            ctx.close();
        }
    }
}
