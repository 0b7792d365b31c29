package io.nodus.identity.impl;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * The libp2p {@code PublicKey} / {@code PrivateKey} protobuf messages, hand-encoded (peer-ids spec, "Keys"): field 1
 * Type (varint), field 2 Data (bytes). Decoding is strict as the spec's deterministic-encoding rules require:
 * both fields, in tag order, minimal varints, no other fields, no trailing bytes.
 */
final class LibP2pKeys {

    /** A decoded key message. */
    record KeyMessage(KeyType type, byte[] data) {
        KeyMessage {
            Objects.requireNonNull(type, "type");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Larger than any real key message (an 8192-bit RSA private key is about 4.8 KB). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024;

    private static final int TYPE_TAG = 0x08; // field 1, wire type 0 (varint)
    private static final int DATA_TAG = 0x12; // field 2, wire type 2 (length-delimited)
    private static final int MAX_VARINT_BYTES = 5;

    private LibP2pKeys() {
    }

    static byte[] encode(KeyType type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        out.write(TYPE_TAG);
        writeVarint(out, type.number);
        out.write(DATA_TAG);
        writeVarint(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException saying what is wrong with the message */
    static KeyMessage decode(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("key message is " + message.length + " bytes, more than "
                    + MAX_MESSAGE_BYTES);
        }
        int[] pos = {0};
        if (message.length == 0 || readVarint(message, pos, "first tag") != TYPE_TAG) {
            throw new IllegalArgumentException("key message must start with field 1 (Type, tag 0x08)");
        }
        KeyType type = KeyType.of(readVarint(message, pos, "Type"));
        if (pos[0] >= message.length) {
            throw new IllegalArgumentException("key message has no Data field");
        }
        int tag = readVarint(message, pos, "second tag");
        if (tag != DATA_TAG) {
            throw new IllegalArgumentException("key message field after Type must be Data (tag 0x12), not tag 0x"
                    + Integer.toHexString(tag));
        }
        int length = readVarint(message, pos, "Data length");
        int remaining = message.length - pos[0];
        if (length > remaining) {
            throw new IllegalArgumentException("key Data says " + length + " bytes but only " + remaining + " follow");
        }
        if (length < remaining) {
            throw new IllegalArgumentException("key message has " + (remaining - length)
                    + " bytes after the Data field (unknown field or trailing bytes)");
        }
        return new KeyMessage(type, java.util.Arrays.copyOfRange(message, pos[0], message.length));
    }

    private static int readVarint(byte[] in, int[] pos, String what) {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (pos[0] >= in.length) {
                throw new IllegalArgumentException("key message truncated in " + what);
            }
            int b = in[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IllegalArgumentException("key message " + what + " is not a minimal varint");
                }
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("key message " + what + " is too large");
                }
                return (int) value;
            }
        }
        throw new IllegalArgumentException("key message " + what + " varint is too long");
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
