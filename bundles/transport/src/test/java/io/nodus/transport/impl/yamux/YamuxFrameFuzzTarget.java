package io.nodus.transport.impl.yamux;

import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

/**
 * Fuzz entry points, fuzzed coverage-guided by {@link YamuxFrameDecoderFuzzTest} (Jazzer).
 * {@link #fuzz(byte[])} may throw nothing but a {@link DecoderException} wrapping a {@link YamuxException};
 * {@link #fuzzSession(byte[])} nothing at all: a session turns every violation into a reset or a GoAway.
 */
public final class YamuxFrameFuzzTarget {

    static final int MAX_FRAME_PAYLOAD = 4096;

    private YamuxFrameFuzzTarget() {
    }

    /** Feeds {@code input} to a frame decoder, split at the first byte value as a chunk size. */
    public static void fuzz(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(MAX_FRAME_PAYLOAD));
        try {
            int chunk = input.length == 0 ? 1 : 1 + (input[0] & 0x3F);
            for (int off = 0; off < input.length; off += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, off, Math.min(chunk, input.length - off)));
                drain(channel);
            }
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof YamuxException)) {
                throw e;
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Feeds {@code input} to a whole responder session whose application resets every other stream. */
    public static void fuzzSession(byte[] input) {
        YamuxConfig config = YamuxConfig.defaults().withFramePayloads(MAX_FRAME_PAYLOAD, 1024)
                .withKeepAlive(Duration.ZERO, Duration.ofSeconds(1));
        YamuxSession session = new YamuxSession(false, config, Runnable::run, stream -> {
            if ((stream.id() & 2) == 0) {
                stream.reset();
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(session);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.checkException();
            if (channel.isOpen() && !session.isOpen()) {
                throw new IllegalStateException("session failed but left the connection open");
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Checks each decoded frame and releases it. */
    private static void drain(EmbeddedChannel channel) {
        for (Object msg; (msg = channel.readInbound()) != null;) {
            YamuxFrame frame = (YamuxFrame) msg;
            try {
                int payload = frame.content().readableBytes();
                if (frame.type() == YamuxFrameType.DATA
                        ? payload != frame.length() || payload > MAX_FRAME_PAYLOAD
                        : payload != 0) {
                    throw new IllegalStateException("decoded an inconsistent frame: " + frame);
                }
            } finally {
                frame.release();
            }
        }
    }
}
