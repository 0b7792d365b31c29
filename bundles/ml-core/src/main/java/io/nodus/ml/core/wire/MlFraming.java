package io.nodus.ml.core.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frames of {@code /nodus/ml/1.0.0}: {@code u8 kind | u32 LE length | payload}. A message is one HEAD frame
 * ({@code u8 op | u64 body length | 32-byte SHA-256 of the body | u16 header count | per header: u16 key length,
 * key, u16 value length, value}, UTF-8) followed by CHUNK frames of at most {@link #CHUNK_SIZE} bytes that carry
 * the body; the reader checks the length and hash before handing the message on.
 */
public final class MlFraming {

    static final int HEAD = 1;
    static final int CHUNK = 2;
    /** Body bytes per CHUNK frame: models above this size are streamed in several frames. */
    public static final int CHUNK_SIZE = 256 * 1024;
    public static final int MAX_HEAD_BYTES = 64 * 1024;
    public static final long MAX_BODY_BYTES = 512L << 20;
    public static final int MAX_HEADERS = 256;
    private static final int FRAME_OVERHEAD = 5;

    private MlFraming() {
    }

    public static void write(OutputStream out, MlMessage m) throws IOException {
        byte[] head = head(m);
        frame(out, HEAD, head, 0, head.length);
        byte[] body = m.body();
        for (int off = 0; off < body.length; off += CHUNK_SIZE) {
            frame(out, CHUNK, body, off, Math.min(CHUNK_SIZE, body.length - off));
        }
        out.flush();
    }

    public static MlMessage read(InputStream in) throws IOException {
        int kind = in.read();
        if (kind < 0) {
            throw new EOFException("stream ended before a message");
        }
        if (kind != HEAD) {
            throw new MlProtocolException("expected a HEAD frame, got kind " + kind);
        }
        int len = length(in, MAX_HEAD_BYTES);
        ByteBuffer h = ByteBuffer.wrap(readFully(in, len)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            MlOperation op = MlOperation.ofCode(h.get() & 0xff);
            long bodyLen = h.getLong();
            if (bodyLen < 0 || bodyLen > MAX_BODY_BYTES) {
                throw new MlProtocolException("body of " + bodyLen + " bytes exceeds " + MAX_BODY_BYTES);
            }
            byte[] hash = new byte[32];
            h.get(hash);
            int count = h.getShort() & 0xffff;
            if (count > MAX_HEADERS) {
                throw new MlProtocolException(count + " headers exceed " + MAX_HEADERS);
            }
            Map<String, String> headers = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                headers.put(string(h), string(h));
            }
            if (h.hasRemaining()) {
                throw new MlProtocolException(h.remaining() + " trailing bytes in HEAD frame");
            }
            byte[] body = new byte[(int) bodyLen];
            int off = 0;
            while (off < body.length) {
                int k = in.read();
                if (k != CHUNK) {
                    throw new MlProtocolException(k < 0 ? "stream ended inside a body" : "expected a CHUNK frame, got kind " + k);
                }
                int n = length(in, CHUNK_SIZE);
                if (n == 0 || n > body.length - off) {
                    throw new MlProtocolException("chunk of " + n + " bytes does not fit the " + (body.length - off) + " bytes left");
                }
                readInto(in, body, off, n);
                off += n;
            }
            if (!Arrays.equals(sha256(body), hash)) {
                throw new MlProtocolException("body SHA-256 mismatch");
            }
            return new MlMessage(op, headers, body);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MlProtocolException("truncated HEAD frame");
        }
    }

    /** Sends a request and reads the reply. */
    public static MlMessage call(InputStream in, OutputStream out, MlMessage request) throws IOException {
        write(out, request);
        return read(in);
    }

    static long wireSize(MlMessage m) {
        byte[] head = head(m);
        long chunks = (m.body().length + CHUNK_SIZE - 1) / CHUNK_SIZE;
        return FRAME_OVERHEAD + head.length + chunks * FRAME_OVERHEAD + m.body().length;
    }

    private static byte[] head(MlMessage m) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(1 + 8).order(ByteOrder.LITTLE_ENDIAN);
        fixed.put((byte) m.op().code).putLong(m.body().length);
        b.writeBytes(fixed.array());
        b.writeBytes(sha256(m.body()));
        if (m.headers().size() > MAX_HEADERS) {
            throw new IllegalArgumentException("too many headers");
        }
        b.write(m.headers().size() & 0xff);
        b.write(m.headers().size() >>> 8);
        m.headers().forEach((k, v) -> {
            putString(b, k);
            putString(b, v);
        });
        if (b.size() > MAX_HEAD_BYTES) {
            throw new IllegalArgumentException("headers exceed " + MAX_HEAD_BYTES + " bytes");
        }
        return b.toByteArray();
    }

    private static void putString(ByteArrayOutputStream b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        if (u.length > 0xffff) {
            throw new IllegalArgumentException("header text too long");
        }
        b.write(u.length & 0xff);
        b.write(u.length >>> 8);
        b.writeBytes(u);
    }

    private static String string(ByteBuffer h) throws MlProtocolException {
        int n = h.getShort() & 0xffff;
        if (n > h.remaining()) {
            throw new MlProtocolException("header text runs past the frame");
        }
        byte[] u = new byte[n];
        h.get(u);
        return new String(u, StandardCharsets.UTF_8);
    }

    private static void frame(OutputStream out, int kind, byte[] data, int off, int len) throws IOException {
        byte[] h = {(byte) kind, (byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24)};
        out.write(h);
        out.write(data, off, len);
    }

    private static int length(InputStream in, int max) throws IOException {
        byte[] b = readFully(in, 4);
        long n = (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        if (n > max) {
            throw new MlProtocolException("frame of " + n + " bytes exceeds " + max);
        }
        return (int) n;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        readInto(in, b, 0, n);
        return b;
    }

    private static void readInto(InputStream in, byte[] b, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(b, off + done, n - done);
            if (r < 0) {
                throw new EOFException("stream ended inside a frame");
            }
            done += r;
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
