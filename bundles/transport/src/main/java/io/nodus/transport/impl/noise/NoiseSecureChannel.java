package io.nodus.transport.impl.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.nodus.api.identity.PeerId;
import io.nodus.transport.impl.noise.NoiseXXHandshake.Role;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * libp2p Noise secure channel ({@code /noise}, libp2p noise spec) as a Netty handler.
 * <p>
 * It runs the XX handshake with 2-byte length-prefixed messages as soon as the channel is active (or at once
 * when added to an active channel), authenticates the remote identity from its handshake payload and then
 * fires {@link SecureSessionEstablished} down the pipeline. A handler reacting to that event may add the next
 * layer right after this one; frames that arrived together with the last handshake message are decrypted and
 * passed on after the event. From then on inbound {@link ByteBuf}s are decrypted and outbound ones encrypted.
 * Writes issued before the handshake completes are held and sent encrypted afterwards.
 * <p>
 * Outbound, writes are coalesced into full frames ({@link NoiseFrameWriter}). Inbound, bytes are gathered in a
 * heap buffer, each frame is decrypted in place and handed on as a slice of it: no copy beyond the one out of
 * the socket's buffer.
 * <p>
 * Every violation (malformed or truncated message, decryption failure, bad signature, unexpected peer,
 * timeout) logs one line, fires a {@link NoiseException} through {@code exceptionCaught} and closes the channel.
 */
public final class NoiseSecureChannel extends ChannelDuplexHandler {

    /** Protocol id negotiated with multistream-select (libp2p noise spec, "Negotiation"). */
    public static final String PROTOCOL_ID = "/noise";
    /** The prologue is empty in libp2p Noise; so is the initiator's first payload. */
    private static final byte[] EMPTY = new byte[0];
    /**
     * Inbound heap buffer size while bulk data flows (a read of at least one maximal frame): a few maximal frames,
     * so that one read rarely needs a new buffer. Smaller reads, and the handshake, get buffers of their size, so
     * that many idle or half-open connections cost little.
     */
    static final int CUMULATION_CAPACITY = 4 * (NoiseTransportCipher.LENGTH_PREFIX
            + NoiseTransportCipher.MAX_FRAME_LENGTH);
    private static final System.Logger LOG = System.getLogger(NoiseSecureChannel.class.getName());

    private final NoiseConfig config;
    private final Role role;
    private final PeerId expectedRemote;
    private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();
    private NoiseXXHandshake handshake;
    private NoiseTransportCipher transport;
    /** Plaintext written but not yet encrypted (transport phase). */
    private NoiseFrameWriter outbound;
    /** Received bytes not yet decrypted, on the heap; frames before the reader index were handed on as slices. */
    private ByteBuf cumulation;
    private ScheduledFuture<?> timeout;
    private boolean failed;
    private WireTraffic traffic;

    private NoiseSecureChannel(NoiseConfig config, Role role, PeerId expectedRemote) {
        this.config = Objects.requireNonNull(config, "config");
        this.role = role;
        this.expectedRemote = expectedRemote;
    }

    /**
     * The dialer side.
     *
     * @param expectedRemote the peer we meant to dial; the handshake fails if the remote key hashes to another
     *                       peer ID. Null accepts any authenticated peer.
     */
    public static NoiseSecureChannel initiator(NoiseConfig config, PeerId expectedRemote) {
        return new NoiseSecureChannel(config, Role.INITIATOR, expectedRemote);
    }

    /** The listener side. */
    public static NoiseSecureChannel responder(NoiseConfig config) {
        return new NoiseSecureChannel(config, Role.RESPONDER, null);
    }

    /**
     * A channel already in the transport phase with {@code session}, as if a handshake had completed elsewhere
     * (no event is fired). Package-private: it lets fuzzing and benchmarks exercise the transport alone.
     */
    static NoiseSecureChannel established(NoiseConfig config, NoiseSession session) {
        NoiseSecureChannel channel = new NoiseSecureChannel(config, Role.RESPONDER, null);
        channel.transport = new NoiseTransportCipher(session);
        return channel;
    }

    /** Counts the bytes this channel sends and receives into {@code counters}; call before it is in a pipeline. */
    public NoiseSecureChannel countingInto(WireTraffic counters) {
        this.traffic = counters;
        return this;
    }

    /** True once the handshake has completed and the channel encrypts. */
    public boolean isEstablished() {
        return transport != null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (handshake != null || transport != null || failed) {
            return;
        }
        X25519PrivateKeyParameters staticKey = new X25519PrivateKeyParameters(config.random());
        handshake = new NoiseXXHandshake(role, EMPTY, staticKey, null, config.random());
        long nanos = config.handshakeTimeout().toNanos();
        timeout = ctx.executor().schedule(() -> fail(ctx,
                new NoiseException("handshake timed out after " + config.handshakeTimeout().toMillis() + " ms")),
                nanos, TimeUnit.NANOSECONDS);
        if (role == Role.INITIATOR) {
            try {
                writeHandshakeMessage(ctx, handshake.writeMessage(EMPTY)); // -> e
            } catch (NoiseException e) {
                fail(ctx, e);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new NoiseException("unexpected inbound message type " + msg.getClass().getName()));
            return;
        }
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (handshake == null && transport == null) {
            start(ctx); // bytes handed on by the previous layer can arrive before channelActive reaches us
        }
        if (traffic != null) {
            traffic.received(((ByteBuf) msg).readableBytes());
        }
        cumulate(ctx.alloc(), (ByteBuf) msg);
        try {
            readFrames(ctx);
        } catch (NoiseException e) {
            fail(ctx, e);
        }
    }

    private void readFrames(ChannelHandlerContext ctx) throws NoiseException {
        while (cumulation != null && !failed && cumulation.readableBytes() >= NoiseTransportCipher.LENGTH_PREFIX) {
            int start = cumulation.readerIndex();
            int length = cumulation.getUnsignedShort(start);
            if (cumulation.readableBytes() < NoiseTransportCipher.LENGTH_PREFIX + length) {
                break;
            }
            cumulation.readerIndex(start + NoiseTransportCipher.LENGTH_PREFIX + length);
            int body = start + NoiseTransportCipher.LENGTH_PREFIX;
            if (transport != null) {
                int plaintext = transport.decryptInPlace(cumulation, body, length);
                if (plaintext > 0) {
                    ctx.fireChannelRead(cumulation.retainedSlice(body, plaintext));
                }
            } else {
                byte[] message = new byte[length];
                cumulation.getBytes(body, message);
                readHandshakeMessage(ctx, message);
            }
        }
        if (cumulation != null && !cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
    }

    /**
     * Appends {@code in} (released) to the heap cumulation. Slices handed on only cover bytes before the reader
     * index, so new bytes may go after the writer index even while they live; the pending bytes are moved only
     * when no slice shares the buffer, and otherwise copied into a new one.
     */
    private void cumulate(ByteBufAllocator alloc, ByteBuf in) {
        try {
            int incoming = in.readableBytes();
            if (cumulation != null && cumulation.writableBytes() < incoming) {
                int pending = cumulation.readableBytes();
                if (cumulation.refCnt() == 1 && cumulation.capacity() >= pending + incoming) {
                    cumulation.discardReadBytes();
                } else {
                    ByteBuf next = NoiseTransportCipher.heapBuffer(alloc, cumulationCapacity(pending + incoming));
                    next.writeBytes(cumulation);
                    cumulation.release();
                    cumulation = next;
                }
            }
            if (cumulation == null) {
                cumulation = NoiseTransportCipher.heapBuffer(alloc, cumulationCapacity(incoming));
            }
            cumulation.writeBytes(in);
        } finally {
            in.release();
        }
    }

    private int cumulationCapacity(int needed) {
        return transport != null && needed >= NoiseTransportCipher.MAX_FRAME_LENGTH
                ? Math.max(CUMULATION_CAPACITY, needed) : needed;
    }

    private void readHandshakeMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
        if (handshake.isWriteTurn()) {
            throw new NoiseException("unexpected handshake message while waiting to send message "
                    + (handshake.messageIndex() + 1));
        }
        byte[] payload = handshake.readMessage(message, 0, message.length);
        switch (handshake.messageIndex()) {
            case 1: // responder read "-> e"; its payload is not used by libp2p
                writeHandshakeMessage(ctx, handshake.writeMessage(localPayload()));
                break;
            case 2: // initiator read "<- e, ee, s, es": authenticate before revealing our identity
                NoiseIdentityPayload responder = authenticate(payload);
                if (expectedRemote != null && !expectedRemote.equals(responder.peerId())) {
                    throw new NoiseException("expected peer " + expectedRemote + ", got " + responder.peerId());
                }
                writeHandshakeMessage(ctx, handshake.writeMessage(localPayload()));
                established(ctx, responder);
                break;
            default: // responder read "-> s, se"
                established(ctx, authenticate(payload));
                break;
        }
    }

    private NoiseIdentityPayload authenticate(byte[] payload) throws NoiseException {
        return NoiseIdentityPayload.decodeAndVerify(payload, handshake.remoteStaticPublicKey(), config.verifier());
    }

    private byte[] localPayload() throws NoiseException {
        try {
            return NoiseIdentityPayload.encode(config.identity(), handshake.localStaticPublicKey(), config.earlyMuxers());
        } catch (RuntimeException e) {
            throw new NoiseException("local identity could not sign the handshake payload: " + e.getMessage(), e);
        }
    }

    private void writeHandshakeMessage(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf frame = ctx.alloc().buffer(NoiseTransportCipher.LENGTH_PREFIX + message.length);
        frame.writeShort(message.length).writeBytes(message);
        if (traffic != null) {
            traffic.sent(frame.readableBytes());
        }
        ctx.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, new NoiseException("handshake write failed: " + f.cause(), f.cause()));
            }
        });
    }

    private void established(ChannelHandlerContext ctx, NoiseIdentityPayload remote) throws NoiseException {
        transport = new NoiseTransportCipher(handshake.split());
        handshake = null;
        cancelTimeout();
        ctx.fireUserEventTriggered(
                new SecureSessionEstablished(remote.peerId(), remote.identityKey(), remote.streamMuxers()));
        boolean wrote = !pendingWrites.isEmpty();
        PendingWrite pending;
        while (!failed && (pending = pendingWrites.poll()) != null) {
            write(ctx, pending.message, pending.promise);
        }
        if (wrote && !failed) {
            flush(ctx);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new UnsupportedMessageTypeException(msg, ByteBuf.class));
            return;
        }
        if (failed) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new NoiseException("secure channel has failed"));
            return;
        }
        if (transport == null) {
            pendingWrites.add(new PendingWrite(msg, promise));
            return;
        }
        ByteBuf plaintext = (ByteBuf) msg;
        if (outbound == null) {
            outbound = new NoiseFrameWriter(ctx.channel(), transport);
        }
        if (!plaintext.isReadable()) {
            encryptQueued(ctx, true); // keeps the order of writes
            ctx.write(plaintext, promise);
            return;
        }
        outbound.add(plaintext, promise);
        if (outbound.batchReady()) {
            encryptQueued(ctx, false);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (transport != null) {
            encryptQueued(ctx, true);
            ctx.flush();
        }
    }

    /** Encrypts what {@link #outbound} holds and writes it, without flushing. */
    private void encryptQueued(ChannelHandlerContext ctx, boolean all) {
        if (failed || outbound == null) {
            return;
        }
        ChannelPromise promise = ctx.newPromise();
        ByteBuf frames;
        try {
            frames = outbound.encrypt(ctx.alloc(), all, promise);
        } catch (NoiseException e) {
            promise.tryFailure(e);
            fail(ctx, e);
            return;
        }
        if (frames != null) {
            if (traffic != null) {
                traffic.sent(frames.readableBytes());
            }
            ctx.write(frames, promise);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (transport != null) {
            ctx.fireChannelReadComplete();
        } else if (!failed && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!failed) {
            if (transport == null) {
                fail(ctx, new NoiseException("connection closed during the handshake"
                        + (cumulation != null ? ", inside a message" : "")));
            } else if (cumulation != null && cumulation.isReadable()) {
                fail(ctx, new NoiseException("connection closed inside a transport frame ("
                        + cumulation.readableBytes() + " bytes pending)"));
            }
        }
        release(new NoiseException("connection closed before the handshake completed"));
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release(new NoiseException("secure channel removed before the handshake completed"));
    }

    private void fail(ChannelHandlerContext ctx, NoiseException e) {
        if (failed) {
            return;
        }
        failed = true;
        LOG.log(Level.INFO, "Noise {0} on {1} failed: {2}", role == Role.INITIATOR ? "initiator" : "responder",
                ctx.channel(), e.getMessage());
        release(e);
        ctx.fireExceptionCaught(e);
        ctx.close();
    }

    /** Frees buffers and fails writes that can no longer be sent. */
    private void release(Throwable cause) {
        cancelTimeout();
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        PendingWrite pending;
        while ((pending = pendingWrites.poll()) != null) {
            ReferenceCountUtil.release(pending.message);
            pending.promise.tryFailure(cause);
        }
        if (outbound != null) {
            outbound.releaseAndFailAll(cause);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private record PendingWrite(Object message, ChannelPromise promise) {
    }
}
