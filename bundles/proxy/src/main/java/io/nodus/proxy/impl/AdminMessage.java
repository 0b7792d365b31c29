package io.nodus.proxy.impl;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of {@code /nodus/proxy-admin/1.0.0}: an unsigned-varint length (as libp2p protocols frame their
 * messages) and that many bytes of UTF-8 {@code key=value} lines. A request has {@code op=get} or {@code op=set} plus
 * the keys to change; a response has {@code status=ok} plus the settings, or {@code status=error} and {@code error}.
 */
record AdminMessage(Map<String, String> fields) {

    static final String PROTOCOL = "/nodus/proxy-admin/1.0.0";
    static final int MAX_MESSAGE_BYTES = 4096;
    static final int MAX_VARINT_BYTES = 2; // enough for MAX_MESSAGE_BYTES

    static final String OP = "op";
    static final String GET = "get";
    static final String SET = "set";
    static final String STATUS = "status";
    static final String OK = "ok";
    static final String ERROR = "error";

    /** A violation of the message format; the stream is closed. */
    static final class AdminProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        AdminProtocolException(String message) {
            super(message);
        }
    }

    AdminMessage {
        fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    static AdminMessage of(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new AdminMessage(m);
    }

    static AdminMessage error(String message) {
        return of(STATUS, ERROR, ERROR, message);
    }

    String get(String key) {
        return fields.get(key);
    }

    void write(OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().contains("=") || (e.getKey() + e.getValue()).contains("\n")) {
                throw new IllegalArgumentException("field '" + e.getKey() + "' cannot be encoded");
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("admin message of " + body.length + " bytes exceeds "
                    + MAX_MESSAGE_BYTES);
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(body.length + MAX_VARINT_BYTES);
        int n = body.length;
        while ((n & ~0x7f) != 0) {
            frame.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        frame.write(n);
        frame.writeBytes(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    static AdminMessage read(InputStream in) throws IOException {
        int length = 0;
        for (int i = 0;; i++) {
            if (i == MAX_VARINT_BYTES) {
                throw new AdminProtocolException("admin message length varint longer than " + MAX_VARINT_BYTES
                        + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended before an admin message");
            }
            length |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > MAX_MESSAGE_BYTES) {
            throw new AdminProtocolException("admin message of " + length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("admin message truncated: " + body.length + " of " + length + " bytes");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new AdminProtocolException("admin message line is not key=value");
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new AdminMessage(m);
    }
}
