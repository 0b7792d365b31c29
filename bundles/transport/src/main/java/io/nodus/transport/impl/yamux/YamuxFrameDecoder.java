package io.nodus.transport.impl.yamux;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Bytes to {@link YamuxFrame}s. Checks what a header alone can tell (version, type, payload size); stream
 * semantics are {@link YamuxSession}'s. A violation throws {@link YamuxException} (wrapped by Netty in a
 * {@link io.netty.handler.codec.DecoderException}) and every later byte is discarded, since the frame
 * boundaries are lost.
 */
public final class YamuxFrameDecoder extends ByteToMessageDecoder {

    /** Payloads shorter than this are copied out, so a tiny frame never pins a large read buffer. */
    static final int COPY_THRESHOLD = 1024;

    private final int maxFramePayload;
    private boolean failed;

    public YamuxFrameDecoder(int maxFramePayload) {
        if (maxFramePayload < 1) {
            throw new IllegalArgumentException("maxFramePayload must be positive");
        }
        this.maxFramePayload = maxFramePayload;
        // payloads are handed on as slices of the cumulation; a merging cumulator would then have to copy every
        // read into a fresh buffer (the old one is shared), a composite one just appends the read buffer
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws YamuxException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
            return;
        }
        int at = in.readerIndex();
        int version = in.getUnsignedByte(at);
        if (version != YamuxFrame.VERSION) {
            throw fail("unsupported yamux version " + version);
        }
        int typeCode = in.getUnsignedByte(at + 1);
        YamuxFrameType type = YamuxFrameType.fromCode(typeCode);
        if (type == null) {
            throw fail("unknown frame type 0x" + Integer.toHexString(typeCode));
        }
        int flags = in.getUnsignedShort(at + 2);
        int streamId = in.getInt(at + 4);
        int length = in.getInt(at + 8);
        if (type != YamuxFrameType.DATA) {
            in.skipBytes(YamuxFrame.HEADER_LENGTH);
            out.add(YamuxFrame.header(type, flags, streamId, length));
            return;
        }
        long payload = Integer.toUnsignedLong(length);
        if (payload > maxFramePayload) {
            throw fail("data frame of " + payload + " bytes exceeds the limit of " + maxFramePayload);
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + payload) {
            return;
        }
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        ByteBuf data;
        if (length == 0) {
            data = Unpooled.EMPTY_BUFFER;
        } else if (length < COPY_THRESHOLD) {
            data = in.readBytes(length);
        } else {
            data = in.readRetainedSlice(length);
        }
        out.add(YamuxFrame.data(streamId, flags, data));
    }

    private YamuxException fail(String reason) {
        failed = true;
        return YamuxException.protocol(reason);
    }
}
