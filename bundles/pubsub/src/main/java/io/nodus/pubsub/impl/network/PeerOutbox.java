package io.nodus.pubsub.impl.network;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;

/**
 * Our outbound pubsub stream to one peer (pubsub spec, "Stream management": used only to write) and its bounded
 * queue of framed RPCs, written by a thread of its own so a slow peer holds up nobody else. A second thread reads
 * the stream only to notice when the peer closes or resets it (as go-libp2p-pubsub does): the peer is then gone.
 */
final class PeerOutbox {

    /** Frames written before one flush. */
    static final int MAX_BATCH = 64;

    interface Events {
        /** The stream is open; false when the outbox is no longer wanted (the stream is then closed). */
        boolean opened(PeerOutbox outbox, String protocol);

        /** Opening or writing failed; {@code wasOpen} tells which. */
        void failed(PeerOutbox outbox, Exception cause, boolean wasOpen);
    }

    private final PeerId peer;
    private final LinkedBlockingQueue<byte[]> queue;
    private volatile boolean closed;
    private volatile P2PStream stream;
    private volatile Thread thread;
    private volatile long openedAt;

    PeerOutbox(PeerId peer, int capacity) {
        this.peer = peer;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    PeerId peer() {
        return peer;
    }

    /** Opens the stream (offering {@code protocols} in order) and starts writing, on a new thread. */
    void start(Host host, List<String> protocols, Events events) {
        Thread t = new Thread(() -> run(host, protocols, events), "nodus-pubsub-out-" + shortId());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Nanoseconds since the stream opened (0 when it never did). */
    long openNanos() {
        long t = openedAt;
        return t == 0 ? 0 : System.nanoTime() - t;
    }

    /** @return false when the queue is full or the outbox closed: the frame is dropped */
    boolean offer(byte[] frame) {
        return !closed && queue.offer(frame);
    }

    /** Stops writing and resets the stream (the peer went away, or we are shutting down). */
    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        P2PStream s = stream;
        if (s != null) {
            s.reset();
        }
    }

    private void run(Host host, List<String> protocols, Events events) {
        P2PStream s;
        try {
            s = host.newStream(peer, protocols.toArray(String[]::new));
        } catch (IOException | RuntimeException e) {
            events.failed(this, e, false);
            return;
        }
        stream = s;
        openedAt = System.nanoTime();
        if (closed || !events.opened(this, s.protocol())) {
            s.reset();
            return;
        }
        Thread watcher = new Thread(() -> watch(s, events), "nodus-pubsub-watch-" + shortId());
        watcher.setDaemon(true);
        watcher.start();
        OutputStream out = s.output();
        List<byte[]> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!closed) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                for (byte[] frame : batch) {
                    out.write(frame);
                }
                out.flush();
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                s.reset();
                events.failed(this, e, true);
            }
        }
    }

    /** Blocks until the peer ends our write-only stream; then the peer is gone unless we closed it ourselves. */
    private void watch(P2PStream s, Events events) {
        String why;
        try {
            why = s.input().read() < 0 ? "the peer closed our stream" : "the peer wrote on our write-only stream";
        } catch (IOException | RuntimeException e) {
            why = "our stream was reset: " + e.getMessage();
        }
        if (!closed) {
            s.reset();
            events.failed(this, new IOException(why), true);
        }
    }

    private String shortId() {
        String id = peer.toString();
        return id.length() > 8 ? id.substring(id.length() - 8) : id;
    }

    @Override
    public String toString() {
        return "pubsub outbox to " + peer;
    }
}
