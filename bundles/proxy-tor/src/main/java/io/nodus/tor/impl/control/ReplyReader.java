package io.nodus.tor.impl.control;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies from the control port (control-spec "Replies from Tor to the controller"): {@code NNN-text} mid
 * lines, {@code NNN+text} data lines followed by a dot-terminated data block, {@code NNN text} end lines.
 */
final class ReplyReader {

    /** Longest line accepted; tor's own lines are far shorter (a consensus is sent as many lines). */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Most lines in one reply (GETINFO circuit-status on a busy client has some hundreds). */
    static final int MAX_REPLY_LINES = 100_000;

    private final InputStream in;

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /** The next complete reply or event; EOF when the connection ended between replies. */
    TorReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException(lines.isEmpty() ? "control connection closed"
                        : "control connection closed in the middle of a reply");
            }
            if (line.length() < 4) {
                throw new TorControlException(0, "malformed reply line '" + line + "'");
            }
            int c = parseCode(line);
            if (code >= 0 && c != code) {
                throw new TorControlException(0, "reply line with status " + c + " inside a " + code + " reply");
            }
            code = c;
            char sep = line.charAt(3);
            String text = line.substring(4);
            if (lines.size() >= MAX_REPLY_LINES) {
                throw new TorControlException(0, "reply longer than " + MAX_REPLY_LINES + " lines");
            }
            switch (sep) {
                case ' ' -> {
                    lines.add(text);
                    return new TorReply(code, lines);
                }
                case '-' -> lines.add(text);
                case '+' -> lines.add(text + "\n" + readData());
                default -> throw new TorControlException(0, "unknown reply separator '" + sep + "'");
            }
        }
    }

    private String readData() throws IOException {
        StringBuilder data = new StringBuilder();
        for (int n = 0; n < MAX_REPLY_LINES; n++) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("control connection closed inside a data block");
            }
            if (line.equals(".")) {
                return data.toString();
            }
            if (data.length() > 0) {
                data.append('\n');
            }
            data.append(line.startsWith(".") ? line.substring(1) : line);
        }
        throw new TorControlException(0, "data block longer than " + MAX_REPLY_LINES + " lines");
    }

    private static int parseCode(String line) throws TorControlException {
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new TorControlException(0, "reply line does not start with a status code: '" + line + "'");
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    /** A CRLF- (or LF-) terminated line, or null at EOF before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("control connection closed inside a line");
            }
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (buf.size() >= MAX_LINE_BYTES) {
                throw new TorControlException(0, "reply line longer than " + MAX_LINE_BYTES + " bytes");
            }
            buf.write(b);
        }
    }
}
