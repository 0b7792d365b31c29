package io.nodus.chat.impl.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Length-prefixed {@link Frame}s on a stream: an unsigned varint length, then the protobuf bytes (the framing of
 * libp2p's protobuf protocols). Frames longer than {@link #MAX_FRAME} are a protocol violation.
 */
public final class FrameCodec {

    /** Largest frame: a 64 KiB file chunk plus its tag and framing, with room to spare. */
    public static final int MAX_FRAME = 128 * 1024;
    private static final int MAX_VARINT_BYTES = 5;

    private FrameCodec() {
    }

    public static void write(OutputStream out, Frame frame) throws IOException {
        int size = frame.getSerializedSize();
        if (size > MAX_FRAME) {
            throw new ChatProtocolException("frame of " + size + " bytes exceeds " + MAX_FRAME);
        }
        byte[] buf = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream cos = CodedOutputStream.newInstance(buf);
        cos.writeUInt32NoTag(size);
        frame.writeTo(cos);
        cos.checkNoSpaceLeft();
        out.write(buf);
        out.flush();
    }

    /** The next frame, or null at a clean end of stream (before the first byte of a frame). */
    public static Frame read(InputStream in) throws IOException {
        int length = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a frame length");
            }
            if (i == MAX_VARINT_BYTES - 1 && (b & 0xF0) != 0) {
                throw new ChatProtocolException("frame length varint too long");
            }
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > MAX_FRAME) {
            throw new ChatProtocolException("frame of " + length + " bytes exceeds " + MAX_FRAME);
        }
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException("stream ended inside a frame");
        }
        try {
            return Frame.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new ChatProtocolException("malformed frame: " + e.getMessage(), e);
        }
    }
}
