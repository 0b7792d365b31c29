package io.nodus.transport.impl.yamux;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A yamux initiator written by hand on a plain socket, so a test can send what a well-behaved session never
 * would and see every frame that comes back.
 */
final class RawYamuxPeer implements AutoCloseable {

    record Frame(int version, int type, int flags, int streamId, int length, byte[] payload) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        boolean isGoAway(int code) {
            return type == YamuxFrameType.GO_AWAY.code() && length == code;
        }

        boolean isReset(int stream) {
            return streamId == stream && has(YamuxFrame.FLAG_RST);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<Frame> seen = new ArrayList<>();

    RawYamuxPeer(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes one frame header (any field values) and an optional payload. */
    void send(int version, int type, int flags, int streamId, int length, byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(YamuxFrame.HEADER_LENGTH);
        header.put((byte) version).put((byte) type).putShort((short) flags).putInt(streamId).putInt(length);
        out.write(header.array());
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
    }

    void sendWindowUpdate(int streamId, int flags, int delta) throws IOException {
        send(0, YamuxFrameType.WINDOW_UPDATE.code(), flags, streamId, delta, null);
    }

    void sendData(int streamId, int flags, byte[] payload) throws IOException {
        send(0, YamuxFrameType.DATA.code(), flags, streamId, payload.length, payload);
    }

    /** Reads frames until one matches; fails at the deadline or when the connection closes first. */
    Frame await(Predicate<Frame> match, String what) throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
        while (true) {
            Frame frame = next(deadline);
            if (frame == null) {
                throw new AssertionError("connection closed before " + what + "; frames seen: " + seen);
            }
            if (match.test(frame)) {
                return frame;
            }
        }
    }

    /** Reads frames until the server closes the connection; returns all frames seen on it. */
    List<Frame> readUntilClosed() throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
        while (next(deadline) != null) {
            // keep reading
        }
        return seen;
    }

    List<Frame> seen() {
        return seen;
    }

    /** The next frame, or null at end of stream (or when the server reset the connection). */
    private Frame next(long deadline) throws IOException {
        byte[] header = new byte[YamuxFrame.HEADER_LENGTH];
        if (!readFully(header, deadline)) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int version = h.get() & 0xFF;
        int type = h.get() & 0xFF;
        int flags = h.getShort() & 0xFFFF;
        int streamId = h.getInt();
        int length = h.getInt();
        byte[] payload = new byte[0];
        if (type == YamuxFrameType.DATA.code()) {
            payload = new byte[length];
            if (!readFully(payload, deadline)) {
                throw new EOFException("connection closed inside a data frame");
            }
        }
        Frame frame = new Frame(version, type, flags, streamId, length, payload);
        seen.add(frame);
        return frame;
    }

    private boolean readFully(byte[] buf, long deadline) throws IOException {
        int off = 0;
        while (off < buf.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no frame within " + Await.DEADLINE + "; frames seen: " + seen);
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, 1000)));
            int n;
            try {
                n = in.read(buf, off, buf.length - off);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return false; // connection reset counts as closed
            }
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame");
            }
            off += n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
