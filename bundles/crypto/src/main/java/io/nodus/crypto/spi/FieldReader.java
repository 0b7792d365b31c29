package io.nodus.crypto.spi;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;

/**
 * Reads what {@link FieldWriter} wrote, with a bound on every length; anything short, too long or not UTF-8 is a
 * {@code MALFORMED} {@link CryptoException}.
 */
public final class FieldReader {

    private final byte[] data;
    private final int end;
    private int position;

    public FieldReader(byte[] data) {
        this(data, 0, data.length);
    }

    public FieldReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " of " + data.length);
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int u8(String what) throws CryptoException {
        need(1, what);
        return data[position++] & 0xff;
    }

    public long u32(String what) throws CryptoException {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (data[position++] & 0xff);
        }
        return v;
    }

    public long u64(String what) throws CryptoException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[position++] & 0xff);
        }
        return v;
    }

    /** A length-prefixed byte string of at most {@code max} bytes. */
    public byte[] bytes(int max, String what) throws CryptoException {
        long length = u32(what + " length");
        if (length > max) {
            throw new CryptoException(Reason.MALFORMED, what + " is " + length + " bytes, more than " + max);
        }
        return raw((int) length, what);
    }

    public String string(int maxBytes, String what) throws CryptoException {
        byte[] b = bytes(maxBytes, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new CryptoException(Reason.MALFORMED, what + " is not UTF-8");
        }
    }

    public byte[] raw(int length, String what) throws CryptoException {
        need(length, what);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** Skips {@code length} bytes and returns where they started (for reading in place). */
    public int skip(int length, String what) throws CryptoException {
        need(length, what);
        int start = position;
        position += length;
        return start;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public byte[] data() {
        return data;
    }

    public void requireEnd(String what) throws CryptoException {
        if (position != end) {
            throw new CryptoException(Reason.MALFORMED, what + " has " + (end - position) + " unexpected trailing bytes");
        }
    }

    private void need(int n, String what) throws CryptoException {
        if (n < 0 || end - position < n) {
            throw new CryptoException(Reason.MALFORMED, what + " is truncated");
        }
    }
}
