package io.nodus.pubsub.impl.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * RPCs on a pubsub stream are unsigned-varint length-prefixed protobufs (pubsub spec, "The RPC"; multiformats
 * unsigned-varint: minimal encoding). A frame larger than the reader's limit is a violation, not a truncation.
 */
public final class RpcFrames {

    /** Enough for lengths below 2^28; our frame limits are far smaller. */
    public static final int MAX_PREFIX_BYTES = 4;

    private RpcFrames() {
    }

    /**
     * Reads one frame.
     *
     * @return the frame's payload, or null at a clean end of stream before its first byte
     * @throws PubSubWireException when the prefix is malformed, the frame is larger than {@code maxSize}, or the
     *                             stream ends inside the frame
     */
    public static byte[] read(InputStream in, int maxSize) throws IOException {
        long length = 0;
        for (int i = 0;; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new PubSubWireException("stream ended inside a length prefix");
            }
            if (i == MAX_PREFIX_BYTES) {
                throw new PubSubWireException("length prefix longer than " + MAX_PREFIX_BYTES + " bytes");
            }
            if (i > 0 && b == 0) {
                throw new PubSubWireException("length prefix is not minimally encoded");
            }
            length |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > maxSize) {
            throw new PubSubWireException("RPC of " + length + " bytes exceeds the limit of " + maxSize);
        }
        byte[] frame = in.readNBytes((int) length);
        if (frame.length != length) {
            throw new PubSubWireException("stream ended after " + frame.length + " of " + length + " RPC bytes");
        }
        return frame;
    }

    /** The payload with its length prefix, ready to write. */
    public static byte[] frame(byte[] payload) {
        int prefix = prefixLength(payload.length);
        byte[] out = new byte[prefix + payload.length];
        int v = payload.length;
        int n = 0;
        while ((v & ~0x7f) != 0) {
            out[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[n] = (byte) v;
        System.arraycopy(payload, 0, out, prefix, payload.length);
        return out;
    }

    public static void write(OutputStream out, byte[] payload) throws IOException {
        out.write(frame(payload));
    }

    /** Bytes of the unsigned-varint prefix for a payload of that length. */
    public static int prefixLength(int length) {
        int n = 1;
        while ((length & ~0x7f) != 0) {
            length >>>= 7;
            n++;
        }
        return n;
    }
}
