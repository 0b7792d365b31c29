package io.nodus.transport.impl.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Last handler of a test pipeline: records user events, inbound bytes and exceptions. */
public class ChannelRecorder extends ChannelInboundHandlerAdapter {

    public final List<Object> events = new CopyOnWriteArrayList<>();
    public final List<Throwable> exceptions = new CopyOnWriteArrayList<>();
    public final List<Integer> readSizes = new ArrayList<>();
    public final CompletableFuture<Throwable> firstException = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        synchronized (received) {
            readSizes.add(buf.readableBytes());
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            received.writeBytes(bytes);
        }
        buf.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
        firstException.complete(cause);
    }

    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    public <T> T event(Class<T> type) {
        for (Object e : events) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }
}
