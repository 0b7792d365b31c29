package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.impl.multistream.MultistreamNegotiator;
import io.nodus.transport.impl.multistream.ProtocolNegotiated;
import io.nodus.transport.impl.noise.NoiseSecureChannel;
import io.nodus.transport.impl.noise.SecureSessionEstablished;
import io.nodus.transport.impl.noise.WireTraffic;
import io.nodus.transport.impl.yamux.YamuxSession;

/**
 * Drives the upgrade of one TCP connection (connections spec, "Upgrading Connections"): multistream-select
 * {@code /noise}, the Noise XX handshake, then Yamux, either inlined in the handshake when both sides listed it
 * as early muxer (inlined muxer negotiation) or by multistream-select over the secure channel. It sits last in
 * the pipeline, inserts each layer in front of itself, and finally replaces itself with the {@link YamuxSession}.
 * The whole upgrade must finish within the timeout, or the connection is closed.
 */
final class ConnectionUpgrader extends ChannelInboundHandlerAdapter {

    static final String YAMUX = "/yamux/1.0.0";
    static final List<String> MUXERS = List.of(YAMUX);

    private static final System.Logger LOG = System.getLogger(ConnectionUpgrader.class.getName());

    private enum Stage { SECURITY, MUXER, DONE }

    private final UpgradeContext context;
    private final boolean outbound;
    private final PeerId expected;
    private final Duration upgradeTimeout;
    private final CompletableFuture<Connection> result;
    private final Multiaddr dialed;
    private final String route;
    private Stage stage = Stage.SECURITY;
    private SecureSessionEstablished secured;
    private ScheduledFuture<?> deadline;
    private WireTraffic traffic;

    /**
     * @param expected the peer a dial must reach (null: any authenticated peer)
     * @param timeout  the whole upgrade must finish within it
     * @param result   completes with the registered connection, or fails when the upgrade does
     * @param dialed   the address we dialed (its TCP peer may be a proxy), or null for inbound connections
     * @param route    how the connection runs: {@code direct}, {@code socks5}, {@code tor} or {@code inbound}
     */
    ConnectionUpgrader(UpgradeContext context, boolean outbound, PeerId expected, Duration timeout,
            CompletableFuture<Connection> result, Multiaddr dialed, String route) {
        this.context = context;
        this.outbound = outbound;
        this.expected = expected;
        this.upgradeTimeout = timeout;
        this.result = result;
        this.dialed = dialed;
        this.route = route;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> fail(ctx, new IOException("connection upgrade timed out after "
                + upgradeTimeout.toMillis() + " ms")), upgradeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        List<String> security = List.of(NoiseSecureChannel.PROTOCOL_ID);
        ctx.pipeline().addBefore(ctx.name(), "security-negotiation", outbound
                ? MultistreamNegotiator.initiator(security, upgradeTimeout)
                : MultistreamNegotiator.responder(Set.copyOf(security), upgradeTimeout));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ProtocolNegotiated n && stage == Stage.SECURITY) {
            if (!NoiseSecureChannel.PROTOCOL_ID.equals(n.protocol())) {
                fail(ctx, new IOException("negotiated unsupported security protocol " + n.protocol()));
                return;
            }
            traffic = context.traffic().newConnection();
            ctx.pipeline().addBefore(ctx.name(), "noise", (outbound
                    ? NoiseSecureChannel.initiator(context.noise(), expected)
                    : NoiseSecureChannel.responder(context.noise())).countingInto(traffic));
        } else if (event instanceof SecureSessionEstablished s && stage == Stage.SECURITY) {
            if (s.remote().equals(context.self())) {
                fail(ctx, new SelfConnectionException(context.self()));
                return;
            }
            secured = s;
            stage = Stage.MUXER;
            // inlined muxer negotiation: both sides listed muxers in the handshake; we only speak yamux
            if (!context.noise().earlyMuxers().isEmpty() && s.remoteEarlyMuxers().contains(YAMUX)) {
                installMuxer(ctx);
            } else {
                ctx.pipeline().addBefore(ctx.name(), "muxer-negotiation", outbound
                        ? MultistreamNegotiator.initiator(MUXERS, upgradeTimeout)
                        : MultistreamNegotiator.responder(Set.copyOf(MUXERS), upgradeTimeout));
            }
        } else if (event instanceof ProtocolNegotiated n && stage == Stage.MUXER) {
            if (!YAMUX.equals(n.protocol())) {
                fail(ctx, new IOException("negotiated unsupported muxer " + n.protocol()));
                return;
            }
            installMuxer(ctx);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void installMuxer(ChannelHandlerContext ctx) {
        stage = Stage.DONE;
        cancelTimeout();
        Multiaddr remoteAddr = dialed != null ? dialed
                : TcpEndpoint.multiaddr((InetSocketAddress) ctx.channel().remoteAddress());
        Connection[] holder = new Connection[1];
        YamuxSession session = new YamuxSession(outbound, context.yamux(), context.workers(),
                stream -> context.inboundStreams().accept(holder[0], stream));
        Connection connection = new Connection(ctx.channel(), session, secured.remote(),
                secured.remotePublicKeyProto(), remoteAddr, outbound, route, traffic);
        holder[0] = connection;
        ctx.pipeline().replace(this, "yamux", session);
        context.traffic().upgraded(connection);
        if (!context.sink().upgraded(connection)) {
            result.completeExceptionally(new IOException("refused " + connection + ": connection limit of "
                    + "live connections reached and none idle"));
            connection.close();
            return;
        }
        result.complete(connection);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // nothing may reach us: every layer is in front of us until Yamux replaces us
        ReferenceCountUtil.release(msg);
        fail(ctx, new IOException("unexpected data before the connection was upgraded"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        fail(ctx, t);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new IOException("connection closed during the " + stage.name().toLowerCase() + " upgrade"));
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (stage == Stage.DONE) {
            return;
        }
        stage = Stage.DONE;
        cancelTimeout();
        if (result.completeExceptionally(cause)) {
            LOG.log(Level.DEBUG, "{0} upgrade with {1} failed: {2}", outbound ? "outbound" : "inbound",
                    ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    private void cancelTimeout() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
