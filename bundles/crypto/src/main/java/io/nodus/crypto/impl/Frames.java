package io.nodus.crypto.impl;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Frames on a {@code /nodus/crypto/1.0.0} stream: an unsigned varint length, then that many bytes (the libp2p
 * convention for length-prefixed messages). One request and one reply per stream.
 */
final class Frames {

    static final int MAX_FRAME = CryptoMessage.MAX_MESSAGE;
    private static final int MAX_VARINT_BYTES = 5;

    private Frames() {
    }

    static void write(OutputStream out, byte[] frame) throws IOException {
        int v = frame.length;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        out.write(frame);
        out.flush();
    }

    /** @throws IOException when the stream ends early or the frame is longer than {@value #MAX_FRAME} */
    static byte[] read(InputStream in) throws IOException {
        int length = 0;
        for (int i = 0; ; i++) {
            if (i == MAX_VARINT_BYTES) {
                throw new IOException("frame length varint is too long");
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended before a frame");
            }
            length |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes is longer than " + MAX_FRAME);
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length != length) {
            throw new EOFException("stream ended inside a frame (" + frame.length + " of " + length + " bytes)");
        }
        return frame;
    }
}
