package io.nodus.crypto.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the fixed-layout binary fields of Nodus crypto messages: big-endian integers, and byte strings and UTF-8
 * strings with a 4-byte length prefix. Read back with {@link FieldReader}.
 */
public final class FieldWriter {

    private final ByteArrayOutputStream out;

    public FieldWriter() {
        this(128);
    }

    public FieldWriter(int capacity) {
        out = new ByteArrayOutputStream(capacity);
    }

    public FieldWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        out.write(value);
        return this;
    }

    public FieldWriter u32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    public FieldWriter u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    /** A length-prefixed byte string. */
    public FieldWriter bytes(byte[] value) {
        u32(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A length-prefixed UTF-8 string. */
    public FieldWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes without a length prefix (fixed-size fields). */
    public FieldWriter raw(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    public FieldWriter raw(byte[] value, int offset, int length) {
        out.write(value, offset, length);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
