package io.nodus.api.codec;

/**
 * Reads unsigned varints (multiformats unsigned-varint) and byte runs from an array, with messages that say what
 * was read. Shared by the identity and transport API packages; this package is not exported.
 */
public final class ByteCursor {

    /** unsigned-varint spec: at most 9 bytes (63 bits); we only need values that fit an int. */
    private static final int MAX_INT_VARINT_BYTES = 5;

    private final byte[] data;
    private int pos;

    public ByteCursor(byte[] data) {
        this.data = data;
    }

    public boolean atEnd() {
        return pos == data.length;
    }

    public int remaining() {
        return data.length - pos;
    }

    /** A minimally encoded varint no larger than {@link Integer#MAX_VALUE}. */
    public int readVarint(String what) {
        long value = 0;
        for (int i = 0; i < MAX_INT_VARINT_BYTES; i++) {
            if (pos >= data.length) {
                throw new IllegalArgumentException(what + ": truncated varint");
            }
            int b = data[pos++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IllegalArgumentException(what + ": varint is not minimally encoded");
                }
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(what + ": varint value " + value + " too large");
                }
                return (int) value;
            }
        }
        throw new IllegalArgumentException(what + ": varint longer than " + MAX_INT_VARINT_BYTES + " bytes");
    }

    public byte[] readBytes(int n, String what) {
        if (n > remaining()) {
            throw new IllegalArgumentException(what + ": needs " + n + " bytes, only " + remaining() + " left");
        }
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    public static byte[] varint(int value) {
        byte[] buf = new byte[MAX_INT_VARINT_BYTES];
        int n = 0;
        int v = value;
        while ((v & ~0x7f) != 0) {
            buf[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
        return java.util.Arrays.copyOf(buf, n);
    }
}
