package io.nodus.transport.impl.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/** Two embedded channels wired back to back: {@link #exchange()} moves written bytes to the other side. */
public final class EmbeddedPair {

    private static final int MAX_ROUNDS = 1000;

    public final EmbeddedChannel a;
    public final EmbeddedChannel b;

    public EmbeddedPair(EmbeddedChannel a, EmbeddedChannel b) {
        this.a = a;
        this.b = b;
    }

    /** Moves outbound bytes across until both sides are quiet; returns the number of buffers moved. */
    public int exchange() {
        int moved = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int n = move(a, b) + move(b, a);
            if (n == 0) {
                return moved;
            }
            moved += n;
        }
        throw new AssertionError("channels still talking after " + MAX_ROUNDS + " rounds");
    }

    /** Moves what {@code from} has written so far into {@code to}; returns the number of buffers moved. */
    public static int move(EmbeddedChannel from, EmbeddedChannel to) {
        int n = 0;
        ByteBuf buf;
        while ((buf = from.readOutbound()) != null) {
            n++;
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return n;
    }

    /** All bytes written so far by {@code channel}, concatenated. */
    public static byte[] drain(EmbeddedChannel channel) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.writeBytes(bytes);
            buf.release();
        }
        return out.toByteArray();
    }
}
