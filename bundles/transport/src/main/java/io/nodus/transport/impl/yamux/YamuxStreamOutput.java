package io.nodus.transport.impl.yamux;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;

/**
 * The write side of a {@link YamuxStream}. A write is split into data frames of at most the remote's window
 * (spec "Flow Control") and {@link YamuxConfig#sendFramePayload()}; it blocks while the window is used up or the
 * connection is not writable. Frames are flushed once per call, and before any wait, so a blocked writer never
 * holds back frames it already wrote. {@link #close()} half-closes the stream (FIN).
 */
final class YamuxStreamOutput extends OutputStream {

    private final YamuxStream stream;
    private final YamuxSession session;
    private final int sendFramePayload;
    /** Serialises writers (and the FIN) so that frames leave in order. */
    private final ReentrantLock writeLock;
    private boolean unflushed; // guarded by writeLock

    YamuxStreamOutput(YamuxStream stream, YamuxSession session, int sendFramePayload, ReentrantLock writeLock) {
        this.stream = stream;
        this.session = session;
        this.sendFramePayload = sendFramePayload;
        this.writeLock = writeLock;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        session.checkNotEventLoop();
        writeLock.lock();
        try {
            stream.checkWritable();
            while (len > 0) {
                session.awaitWritable(stream, this::flushWritten);
                int n = stream.takeSendWindow(Math.min(len, sendFramePayload), this::flushWritten);
                // on the heap: the Noise layer below encrypts from heap arrays without copying them
                ByteBuf payload = session.alloc().heapBuffer(n);
                payload.writeBytes(b, off, n);
                session.write(YamuxFrame.data(stream.id(), 0, payload));
                unflushed = true;
                off += n;
                len -= n;
            }
        } finally {
            flushWritten();
            writeLock.unlock();
        }
    }

    /** Half-closes the stream (FIN). */
    @Override
    public void close() {
        stream.closeWrite();
    }

    private void flushWritten() {
        if (unflushed) {
            unflushed = false;
            session.flush();
        }
    }
}
