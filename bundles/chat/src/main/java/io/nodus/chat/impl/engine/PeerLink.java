package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatService;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;

/**
 * Our sending side towards one peer: one outbound stream kept open and written by one thread at a time (sealing
 * and writing happen under {@link #lock}, so messages leave in ratchet order), receipts waiting to be batched, and
 * the retry backoff.
 */
final class PeerLink {

    final PeerId peer;
    final ReentrantLock lock = new ReentrantLock();
    /** Set when a flush was asked for while another thread held the lock: that thread goes round again. */
    final AtomicBoolean again = new AtomicBoolean();
    final AtomicBoolean retryScheduled = new AtomicBoolean();
    private final List<ByteString> delivered = new ArrayList<>();
    private final List<ByteString> read = new ArrayList<>();
    private P2PStream stream;
    private Duration backoff;
    private Instant lastFailure;

    PeerLink(PeerId peer) {
        this.peer = peer;
    }

    /** Writes a frame on the outbound stream, opening it when needed; on failure the stream is dropped. */
    void write(Host host, Frame frame) throws IOException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("write without the link lock");
        }
        if (stream == null) {
            stream = host.newStream(peer, ChatService.PROTOCOL);
        }
        try {
            FrameCodec.write(stream.output(), frame);
        } catch (IOException | RuntimeException e) {
            drop();
            throw e;
        }
    }

    /** Half-closes the outbound stream so frames already written still reach the peer (a reset would drop them). */
    void finish() {
        P2PStream s = stream;
        stream = null;
        if (s != null) {
            s.close();
        }
    }

    void drop() {
        P2PStream s = stream;
        stream = null;
        if (s != null) {
            s.reset();
        }
    }

    synchronized void queueReceipt(ByteString id, boolean isRead) {
        (isRead ? read : delivered).add(id);
    }

    /** Takes the receipts waiting, at most {@code max} of one kind. */
    synchronized List<ByteString> takeReceipts(boolean isRead, int max) {
        List<ByteString> from = isRead ? read : delivered;
        List<ByteString> out = new ArrayList<>(from.subList(0, Math.min(max, from.size())));
        from.subList(0, out.size()).clear();
        return out;
    }

    synchronized boolean hasReceipts() {
        return !delivered.isEmpty() || !read.isEmpty();
    }

    /** The next retry delay: doubles from {@code min} up to {@code max}. */
    synchronized Duration failed(Duration min, Duration max, Instant now) {
        backoff = backoff == null ? min : backoff.multipliedBy(2);
        if (backoff.compareTo(max) > 0) {
            backoff = max;
        }
        lastFailure = now;
        return backoff;
    }

    synchronized void succeeded() {
        backoff = null;
        lastFailure = null;
    }

    synchronized Instant lastFailure() {
        return lastFailure;
    }
}
