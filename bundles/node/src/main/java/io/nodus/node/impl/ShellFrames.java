package io.nodus.node.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The local shell wire format, server side. Client to server, one line each: {@code TOKEN <hex>},
 * then {@code EXEC <command line>} per command (or {@code INTR} to interrupt the running one).
 * Server to client: {@code OK}/{@code ERR <reason>} after the token, then per command any number of
 * frames {@code O <n>\n<n bytes>} (stdout) and {@code E <n>\n<n bytes>} (stderr), ended by
 * {@code X <exit code>\n}.
 */
final class ShellFrames {

    static final int MAX_LINE = 64 * 1024;

    private final OutputStream out;

    ShellFrames(OutputStream out) {
        this.out = out;
    }

    synchronized void line(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    synchronized void frame(char kind, byte[] data, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        out.write((kind + " " + len + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data, off, len);
        out.flush();
    }

    void exit(int code) throws IOException {
        line("X " + code);
    }

    /** An OutputStream whose writes become frames of one kind ({@code O} or {@code E}). */
    OutputStream stream(char kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                frame(kind, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                frame(kind, b, off, len);
            }
        };
    }
}
