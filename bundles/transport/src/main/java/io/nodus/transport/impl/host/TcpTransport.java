package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.nodus.api.identity.PeerId;
import io.nodus.api.proxy.ProxyRefusedException;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.transport.Multiaddr;

/**
 * TCP on Netty (epoll when available, else NIO), IPv4 and IPv6: listening sockets and dials, each new channel
 * handed to a {@link ConnectionUpgrader}. Inbound connections still upgrading are capped at
 * {@link #MAX_PENDING_UPGRADES}; more are closed at once, so peers that connect and never speak cost bounded memory
 * until the upgrade timeout closes them.
 */
final class TcpTransport implements AutoCloseable {

    static final int MAX_PENDING_UPGRADES = 512;
    static final int LISTEN_BACKLOG = 1024;
    /** The channel turns unwritable above this much queued output; Yamux writers then wait. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

    /**
     * Socket reads grow up to this size while data keeps coming (Netty's default stops at 64 KiB): a bulk
     * stream then takes fewer reads, each carrying several full Noise frames.
     */
    static final int MAX_READ = 256 * 1024;

    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final ChannelGroup channels = new DefaultChannelGroup("nodus-tcp", GlobalEventExecutor.INSTANCE);
    private final Map<Multiaddr, Channel> listeners = new LinkedHashMap<>();
    private final AtomicInteger pendingInbound = new AtomicInteger();
    private volatile UpgradeContext context;

    TcpTransport(UpgradeContext context, int ioThreads) {
        this.context = context;
        DefaultThreadFactory bossThreads = new DefaultThreadFactory("nodus-accept", true);
        DefaultThreadFactory ioThreadFactory = new DefaultThreadFactory("nodus-io", true);
        if (epoll) {
            bossGroup = new EpollEventLoopGroup(1, bossThreads);
            ioGroup = new EpollEventLoopGroup(ioThreads, ioThreadFactory);
        } else {
            bossGroup = new NioEventLoopGroup(1, bossThreads);
            ioGroup = new NioEventLoopGroup(ioThreads, ioThreadFactory);
        }
        LOG.log(Level.DEBUG, "TCP transport on {0}", epoll ? "epoll" : "NIO");
    }

    void context(UpgradeContext context) {
        this.context = context;
    }

    int pendingInbound() {
        return pendingInbound.get();
    }

    /**
     * Listens on an {@code /ip4|ip6/<addr>/tcp/<port>} address.
     *
     * @return the bound address (with the actual port when 0 was asked for)
     */
    synchronized Multiaddr listen(Multiaddr requested) throws IOException {
        TcpEndpoint ep = TcpEndpoint.of(requested);
        if (!ep.literal() || ep.peer() != null) {
            throw new IllegalArgumentException("listen address must be /ip4|ip6/<addr>/tcp/<port>: " + requested);
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, LISTEN_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveSizes())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(ch);
                    }
                });
        ChannelFuture bind = b.bind(ep.socketAddress()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IOException("cannot listen on " + requested + ": " + bind.cause().getMessage(), bind.cause());
        }
        Channel server = bind.channel();
        channels.add(server);
        Multiaddr bound = TcpEndpoint.multiaddr((InetSocketAddress) server.localAddress());
        listeners.put(bound, server);
        LOG.log(Level.INFO, "listening on {0}", bound);
        return bound;
    }

    synchronized void unlisten(Multiaddr bound) {
        Channel server = listeners.remove(bound);
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            LOG.log(Level.INFO, "stopped listening on {0}", bound);
        }
    }

    synchronized List<Multiaddr> boundAddrs() {
        return List.copyOf(listeners.keySet());
    }

    private static AdaptiveRecvByteBufAllocator receiveSizes() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ);
    }

    private void accepted(Channel ch) {
        channels.add(ch);
        if (pendingInbound.incrementAndGet() > MAX_PENDING_UPGRADES) {
            pendingInbound.decrementAndGet();
            LOG.log(Level.DEBUG, "refusing {0}: {1} inbound connections already upgrading", ch.remoteAddress(),
                    MAX_PENDING_UPGRADES);
            ch.close();
            return;
        }
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable release = () -> {
            if (counted.getAndSet(false)) {
                pendingInbound.decrementAndGet();
            }
        };
        UpgradeContext ctx = context;
        CompletableFuture<Connection> result = new CompletableFuture<>();
        result.whenComplete((c, e) -> release.run());
        ch.closeFuture().addListener(f -> release.run());
        ch.pipeline().addLast("upgrader", new ConnectionUpgrader(ctx, false, null, ctx.upgradeTimeout(), result,
                null, "inbound"));
    }

    /**
     * Connects (directly, or through the SOCKS5 proxy of {@code route}) and upgrades; the future fails when the
     * proxy, TCP, Noise (including the peer check) or Yamux does, or when connecting or upgrading takes longer than
     * {@code timeout} each.
     *
     * @param target the dialed address, recorded as the connection's remote address
     */
    CompletableFuture<Connection> dial(TcpEndpoint ep, Multiaddr target, ProxyRoute route, Duration timeout) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        InetSocketAddress address;
        if (route.kind() == ProxyRoute.Kind.SOCKS5) {
            // the proxy resolves names (.onion included): no DNS lookup of our own
            address = ep.literal() ? new InetSocketAddress(ep.host(), ep.port())
                    : InetSocketAddress.createUnresolved(ep.host(), ep.port());
        } else if (route.kind() == ProxyRoute.Kind.DIRECT) {
            if (ep.isOnion()) {
                result.completeExceptionally(new IOException("an onion address needs a route through Tor: " + target));
                return result;
            }
            address = new InetSocketAddress(ep.host(), ep.port()); // resolves names on the caller's thread
            if (address.isUnresolved()) {
                result.completeExceptionally(new IOException("cannot resolve " + ep.host()));
                return result;
            }
        } else {
            result.completeExceptionally(new ProxyRefusedException(route, target.toString()));
            return result;
        }
        PeerId expected = ep.peer();
        UpgradeContext ctx = context;
        Bootstrap b = new Bootstrap()
                .group(ioGroup)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, receiveSizes())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        if (route.kind() == ProxyRoute.Kind.SOCKS5) {
                            ch.pipeline().addLast("socks5", socks5(route, timeout));
                        }
                        ch.pipeline().addLast("upgrader", new ConnectionUpgrader(ctx, true, expected, timeout, result,
                                target.withoutPeerId(), route.via()));
                    }
                });
        // with SOCKS5 the proxy handler connects to the proxy and asks it for the target
        b.connect(address).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new IOException("cannot connect to " + target + " (" + route + "): "
                        + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    private static Socks5ProxyHandler socks5(ProxyRoute route, Duration timeout) {
        InetSocketAddress proxy = new InetSocketAddress(route.proxyHost(), route.proxyPort());
        Socks5ProxyHandler h = route.hasCredentials()
                ? new Socks5ProxyHandler(proxy, route.username(), route.password())
                : new Socks5ProxyHandler(proxy);
        h.setConnectTimeoutMillis(timeout.toMillis());
        return h;
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        synchronized (this) {
            listeners.clear();
        }
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        ioGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
