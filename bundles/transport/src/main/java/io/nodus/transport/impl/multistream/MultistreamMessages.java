package io.nodus.transport.impl.multistream;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * multistream-select 1.0 message framing (multistream-select README, "Protocol"): every message is UTF-8 text
 * followed by {@code '\n'}, prefixed by an unsigned varint holding its length including the newline.
 */
public final class MultistreamMessages {

    /** The multistream header, the first message each side sends. */
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** "not available": the responder does not support the proposed protocol. */
    public static final String NOT_AVAILABLE = "na";
    /** Request for the responder's protocol list (optional in the spec). */
    public static final String LIST = "ls";
    /** Longest accepted message, length prefix excluded, newline included (as go- and js-multistream). */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** A varint for a length up to {@link #MAX_MESSAGE_LENGTH} takes at most two bytes. */
    private static final int MAX_VARINT_BYTES = 2;

    private MultistreamMessages() {
    }

    /** One framed message for {@code text} (which must not contain a newline). */
    public static byte[] encode(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0 || body.length + 1 > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("not a valid multistream message: " + text);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 3);
        writeVarint(out, body.length + 1);
        out.write(body, 0, body.length);
        out.write('\n');
        return out.toByteArray();
    }

    /** Several framed messages back to back, e.g. the header and a proposal sent in one packet. */
    public static byte[] encode(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String text : texts) {
            out.writeBytes(encode(text));
        }
        return out.toByteArray();
    }

    /**
     * The answer to {@code ls}: one message whose body is each protocol as a framed message, then {@code '\n'}
     * ("ls example in detail").
     */
    public static byte[] encodeList(Collection<String> protocols) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String protocol : protocols) {
            body.writeBytes(encode(protocol));
        }
        body.write('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 3);
        writeVarint(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /**
     * Reads one message from {@code in} if it is complete, advancing the reader index; otherwise returns null
     * and leaves {@code in} untouched.
     *
     * @return the message without its newline, or null when more bytes are needed
     */
    public static String decode(ByteBuf in) throws MultistreamException {
        int start = in.readerIndex();
        int length = 0;
        int varintBytes = 0;
        while (true) {
            if (varintBytes == in.readableBytes()) {
                return null;
            }
            int b = in.getUnsignedByte(start + varintBytes);
            length |= (b & 0x7f) << (7 * varintBytes);
            varintBytes++;
            if ((b & 0x80) == 0) {
                checkVarint(b, varintBytes, length);
                break;
            }
            if (varintBytes == MAX_VARINT_BYTES) {
                throw new MultistreamException("message length exceeds " + MAX_MESSAGE_LENGTH + " bytes");
            }
        }
        if (in.readableBytes() < varintBytes + length) {
            return null;
        }
        byte[] body = new byte[length];
        in.getBytes(start + varintBytes, body);
        in.readerIndex(start + varintBytes + length);
        return text(body);
    }

    /**
     * Reads one message from a blocking stream, consuming exactly its bytes.
     *
     * @throws MultistreamException when the message is malformed, too long or the stream ends inside it
     */
    public static String read(InputStream in) throws IOException {
        int length = 0;
        int varintBytes = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new MultistreamException(varintBytes == 0 ? "stream ended before a multistream message"
                        : "stream ended inside a message length");
            }
            length |= (b & 0x7f) << (7 * varintBytes);
            varintBytes++;
            if ((b & 0x80) == 0) {
                checkVarint(b, varintBytes, length);
                break;
            }
            if (varintBytes == MAX_VARINT_BYTES) {
                throw new MultistreamException("message length exceeds " + MAX_MESSAGE_LENGTH + " bytes");
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new MultistreamException("stream ended inside a message: " + body.length + " of " + length + " bytes");
        }
        return text(body);
    }

    private static void checkVarint(int lastByte, int varintBytes, int length) throws MultistreamException {
        if (lastByte == 0 && varintBytes > 1) {
            throw new MultistreamException("message length is not a minimal varint");
        }
        if (length > MAX_MESSAGE_LENGTH) {
            throw new MultistreamException("message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        if (length == 0) {
            throw new MultistreamException("empty message (no trailing newline)");
        }
    }

    private static String text(byte[] body) throws MultistreamException {
        if (body[body.length - 1] != '\n') {
            throw new MultistreamException("message does not end with a newline");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, body.length - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultistreamException("message is not valid UTF-8", e);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
