package io.nodus.transport.impl.yamux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A yamux responder listening on 127.0.0.1 (port 0) and initiators connecting to it, each a real Netty channel
 * with nothing but yamux in its pipeline.
 */
final class YamuxLoopback implements AutoCloseable {

    final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "yamux-test");
        t.setDaemon(true);
        return t;
    });
    final BlockingQueue<YamuxSession> serverSessions = new LinkedBlockingQueue<>();
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final Channel listener;

    /** A server whose inbound streams go to {@code serverStreams} on a thread pool. */
    YamuxLoopback(YamuxConfig serverConfig, Consumer<YamuxStream> serverStreams) throws InterruptedException {
        this(serverConfig, null, serverStreams);
    }

    /** A server whose session runs callbacks on {@code serverExecutor} (null: a thread pool). */
    YamuxLoopback(YamuxConfig serverConfig, Executor serverExecutor, Consumer<YamuxStream> serverStreams)
            throws InterruptedException {
        Executor executor = serverExecutor == null ? threads : serverExecutor;
        ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        YamuxSession session = new YamuxSession(false, serverConfig, executor, serverStreams);
                        ch.pipeline().addLast(session);
                        serverSessions.add(session);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0));
        if (!bound.await(Await.DEADLINE.toMillis()) || !bound.isSuccess()) {
            throw new IllegalStateException("bind failed", bound.cause());
        }
        listener = bound.channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Connects an initiator; returns its session once it is in the pipeline. */
    YamuxSession connect(YamuxConfig config, Consumer<YamuxStream> inbound) throws IOException, InterruptedException {
        YamuxSession session = new YamuxSession(true, config, threads, inbound);
        ChannelFuture connected = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(session);
                    }
                }).connect(address());
        if (!connected.await(Await.DEADLINE.toMillis()) || !connected.isSuccess()) {
            throw new IOException("connect failed", connected.cause());
        }
        channels.add(connected.channel());
        Await.until(() -> session.channel() != null, "client session attached");
        return session;
    }

    /** The server side of the next accepted connection. */
    YamuxSession nextServerSession() throws InterruptedException {
        YamuxSession session = serverSessions.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (session == null) {
            throw new AssertionError("no connection accepted within " + Await.DEADLINE);
        }
        Await.until(() -> session.channel() != null, "server session attached");
        return session;
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel ch : channels) {
            ch.close();
        }
        listener.close().await(Await.DEADLINE.toMillis());
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(Await.DEADLINE.toMillis());
        threads.shutdownNow();
    }

    /** Echoes everything read until the remote's FIN, then closes. */
    static void echo(YamuxStream stream) {
        try (stream) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = stream.input().read(buf)) >= 0;) {
                stream.output().write(buf, 0, n);
            }
        } catch (IOException e) {
            // reset by the remote: nothing to echo to
        }
    }

    /** Reads until the remote's FIN. */
    static byte[] readAll(YamuxStream stream) throws IOException {
        return stream.input().readAllBytes();
    }
}
