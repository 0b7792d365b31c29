package io.nodus.transport.impl.identify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Unsigned-varint length-prefixed messages, as libp2p protocols frame their protobufs on a stream. */
final class LengthPrefixed {

    private LengthPrefixed() {
    }

    /**
     * Reads one message.
     *
     * @return the message, or null at a clean end of stream before its first byte
     * @throws IdentifyException when the prefix is malformed or the message exceeds {@code maxSize}
     */
    static byte[] read(InputStream in, int maxSize) throws IOException {
        long length = 0;
        for (int i = 0;; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a length prefix");
            }
            if (i == 4) {
                throw new IdentifyException("length prefix longer than 4 bytes");
            }
            length |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > maxSize) {
            throw new IdentifyException("message of " + length + " bytes exceeds the limit of " + maxSize);
        }
        byte[] message = in.readNBytes((int) length);
        if (message.length != length) {
            throw new EOFException("stream ended after " + message.length + " of " + length + " message bytes");
        }
        return message;
    }

    static void write(OutputStream out, byte[] message) throws IOException {
        byte[] frame = new byte[5 + message.length];
        int n = 0;
        int v = message.length;
        while ((v & ~0x7f) != 0) {
            frame[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        frame[n++] = (byte) v;
        System.arraycopy(message, 0, frame, n, message.length);
        out.write(frame, 0, n + message.length);
        out.flush();
    }
}
