package io.nodus.transport.impl.yamux;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

/**
 * {@link YamuxFrame}s to bytes, one buffer per frame. Large payloads are not copied: the header and the payload
 * go out as one composite buffer (a gathering write on the socket, one message for a Noise layer below).
 */
public final class YamuxFrameEncoder extends MessageToMessageEncoder<YamuxFrame> {

    /** Payloads up to this size are copied next to the header; larger ones are wrapped. */
    static final int COPY_THRESHOLD = 1024;

    @Override
    protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        int size = payload.readableBytes();
        int length = frame.type() == YamuxFrameType.DATA ? size : frame.length();
        if (size <= COPY_THRESHOLD) {
            ByteBuf buf = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH + size);
            writeHeader(buf, frame, length);
            buf.writeBytes(payload, payload.readerIndex(), size);
            out.add(buf);
            return;
        }
        ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
        writeHeader(header, frame, length);
        CompositeByteBuf whole = ctx.alloc().compositeBuffer(2);
        whole.addComponents(true, header, payload.retain());
        out.add(whole);
    }

    private static void writeHeader(ByteBuf buf, YamuxFrame frame, int length) {
        buf.writeByte(YamuxFrame.VERSION);
        buf.writeByte(frame.type().code());
        buf.writeShort(frame.flags());
        buf.writeInt(frame.streamId());
        buf.writeInt(length);
    }
}
