package io.nodus.transport.impl.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Jazzer-ready entry points for the multistream-select decoders. Each may only end normally or with a
 * {@link MultistreamException}; anything else is a finding.
 */
public final class MultistreamFuzzTarget {

    private static final Set<String> SUPPORTED = Set.of("/noise", "/yamux/1.0.0");
    private static final List<String> PROPOSALS = List.of("/tls/1.0.0", "/noise");

    private MultistreamFuzzTarget() {
    }

    /** Jazzer's default entry point: runs every decoder below on {@code data}. */
    public static void fuzzerTestOneInput(byte[] data) throws MultistreamException {
        MultistreamException first = null;
        for (int target = 0; target < 4; target++) {
            try {
                switch (target) {
                    case 0: fuzzMessages(data); break;
                    case 1: fuzzStreamListener(data); break;
                    case 2: fuzzStreamDialer(data); break;
                    default: fuzzNegotiator(data); break;
                }
            } catch (MultistreamException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The framing decoder over a ByteBuf, message after message. */
    public static void fuzzMessages(byte[] data) throws MultistreamException {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        while (MultistreamMessages.decode(buf) != null) {
            // each decoded message consumes at least two bytes, so this ends
        }
    }

    /** The blocking listener reading {@code data} as the dialer's bytes. */
    public static void fuzzStreamListener(byte[] data) throws MultistreamException {
        try {
            MultistreamStreams.respond(new ByteArrayInputStream(data), new ByteArrayOutputStream(), SUPPORTED);
        } catch (MultistreamException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams do not fail", e);
        }
    }

    /** The blocking dialer reading {@code data} as the listener's answers. */
    public static void fuzzStreamDialer(byte[] data) throws MultistreamException {
        try {
            MultistreamStreams.select(new ByteArrayInputStream(data), new ByteArrayOutputStream(), PROPOSALS);
        } catch (MultistreamException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams do not fail", e);
        }
    }

    /** The Netty negotiator, responder and initiator, fed {@code data} in two reads and then closed. */
    public static void fuzzNegotiator(byte[] data) throws MultistreamException {
        feed(MultistreamNegotiator.responder(SUPPORTED), data);
        feed(MultistreamNegotiator.initiator(PROPOSALS), data);
    }

    private static void feed(MultistreamNegotiator negotiator, byte[] data) throws MultistreamException {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(negotiator, recorder);
        int half = data.length / 2;
        channel.writeInbound(Unpooled.wrappedBuffer(data, 0, half));
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(data, half, data.length - half));
        }
        channel.finishAndReleaseAll();
        for (Throwable t : recorder.exceptions) {
            if (t instanceof MultistreamException) {
                throw (MultistreamException) t;
            }
            throw new IllegalStateException("untyped failure from the negotiator", t);
        }
    }
}
