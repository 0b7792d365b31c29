package io.nodus.transport.impl.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Connection-level multistream-select 1.0 ({@code /multistream/1.0.0}) as a Netty handler, used to agree on
 * the security protocol and then on the muxer (libp2p connections spec, "Upgrading Connections").
 * <p>
 * The initiator sends the header together with its first proposal ("Implementation Recommendations") and
 * proposes the next protocol on each {@code na}. The responder sends the header, then echoes the first
 * supported proposal, answers {@code na} to others and {@code ls} with its list. On agreement the handler fires
 * {@link ProtocolNegotiated}, removes itself and passes any bytes that followed to the next handler.
 * <p>
 * Garbage instead of the header, an oversized or malformed message, no common protocol, too many proposals,
 * the connection closing early, or the timeout: one log line, a {@link MultistreamException} through
 * {@code exceptionCaught}, and the channel is closed.
 */
public final class MultistreamNegotiator extends ByteToMessageDecoder {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How many proposals (and {@code ls} requests) a responder answers before giving up. */
    public static final int MAX_PROPOSALS = 32;
    private static final int QUOTE_LIMIT = 64;
    private static final System.Logger LOG = System.getLogger(MultistreamNegotiator.class.getName());

    private final boolean initiator;
    private final List<String> protocols;
    private final Set<String> supported;
    private final Duration timeout;
    private ScheduledFuture<?> timeoutTask;
    private boolean started;
    private boolean headerReceived;
    private boolean finished;
    private boolean failed;
    private int proposalIndex;
    private int proposalsReceived;

    private MultistreamNegotiator(boolean initiator, Collection<String> protocols, Duration timeout) {
        this.initiator = initiator;
        this.protocols = List.copyOf(protocols);
        this.supported = new LinkedHashSet<>(this.protocols);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol is needed");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.protocols.forEach(MultistreamMessages::encode); // rejects ids that cannot be sent
    }

    /** Dialer: proposes {@code protocols} in order. */
    public static MultistreamNegotiator initiator(List<String> protocols) {
        return initiator(protocols, DEFAULT_TIMEOUT);
    }

    public static MultistreamNegotiator initiator(List<String> protocols, Duration timeout) {
        return new MultistreamNegotiator(true, protocols, timeout);
    }

    /** Listener: accepts the first proposal found in {@code supported} (iteration order is the {@code ls} order). */
    public static MultistreamNegotiator responder(Set<String> supported) {
        return responder(supported, DEFAULT_TIMEOUT);
    }

    public static MultistreamNegotiator responder(Set<String> supported, Duration timeout) {
        return new MultistreamNegotiator(false, supported, timeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timeoutTask = ctx.executor().schedule(() -> fail(ctx,
                new MultistreamException("negotiation timed out after " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (initiator) {
            send(ctx, MultistreamMessages.encode(MultistreamMessages.PROTOCOL_ID, protocols.get(0)));
        } else {
            send(ctx, MultistreamMessages.encode(MultistreamMessages.PROTOCOL_ID));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (!finished) {
                String message = MultistreamMessages.decode(in);
                if (message == null) {
                    return;
                }
                if (!headerReceived) {
                    if (!MultistreamMessages.PROTOCOL_ID.equals(message)) {
                        throw new MultistreamException("expected " + MultistreamMessages.PROTOCOL_ID + ", got "
                                + quote(message));
                    }
                    headerReceived = true;
                } else if (initiator) {
                    onResponse(ctx, message);
                } else {
                    onProposal(ctx, message);
                }
            }
        } catch (MultistreamException e) {
            fail(ctx, e);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void onResponse(ChannelHandlerContext ctx, String message) throws MultistreamException {
        String proposal = protocols.get(proposalIndex);
        if (message.equals(proposal)) {
            agree(ctx, proposal);
        } else if (MultistreamMessages.NOT_AVAILABLE.equals(message)) {
            proposalIndex++;
            if (proposalIndex == protocols.size()) {
                throw new MultistreamException("remote supports none of " + protocols);
            }
            send(ctx, MultistreamMessages.encode(protocols.get(proposalIndex)));
        } else {
            throw new MultistreamException("unexpected answer " + quote(message) + " to proposal " + proposal);
        }
    }

    private void onProposal(ChannelHandlerContext ctx, String message) throws MultistreamException {
        if (++proposalsReceived > MAX_PROPOSALS) {
            throw new MultistreamException("remote made more than " + MAX_PROPOSALS + " proposals");
        }
        if (MultistreamMessages.LIST.equals(message)) {
            send(ctx, MultistreamMessages.encodeList(protocols));
        } else if (supported.contains(message)) {
            send(ctx, MultistreamMessages.encode(message));
            agree(ctx, message);
        } else {
            send(ctx, MultistreamMessages.encode(MultistreamMessages.NOT_AVAILABLE));
        }
    }

    private void agree(ChannelHandlerContext ctx, String protocol) {
        finished = true;
        cancelTimeout();
        ctx.fireUserEventTriggered(new ProtocolNegotiated(protocol));
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this); // hands the remaining bytes to the next handler
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!finished) {
            fail(ctx, new MultistreamException("connection closed during negotiation"
                    + (in.isReadable() ? " inside a message" : "")));
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void fail(ChannelHandlerContext ctx, MultistreamException e) {
        if (finished) {
            return;
        }
        finished = true;
        failed = true;
        cancelTimeout();
        LOG.log(Level.INFO, "multistream-select {0} on {1} failed: {2}", initiator ? "initiator" : "responder",
                ctx.channel(), e.getMessage());
        ctx.fireExceptionCaught(e);
        ctx.close();
    }

    private static void send(ChannelHandlerContext ctx, byte[] bytes) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    private void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }

    /** A peer-supplied string made safe and short for exception messages and logs. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        text.codePoints().limit(QUOTE_LIMIT).forEach(c -> {
            if (Character.isISOControl(c) || !Character.isDefined(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(text.codePointCount(0, text.length()) > QUOTE_LIMIT ? "...'" : "'").toString();
    }
}
