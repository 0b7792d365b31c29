package io.nodus.gui.impl;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Fans events out to the open pages. Each page has a bounded queue; a page that falls that far behind is dropped
 * (its browser reconnects and reloads the state), so a stalled tab never holds memory or slows the node.
 */
@Component(service = EventHub.class)
public final class EventHub {

    /** Events a page may lag behind before it is dropped. */
    static final int QUEUE_CAPACITY = 512;

    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Set<Consumer<String>> signalHandlers = new CopyOnWriteArraySet<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    /** One open page: the events waiting for it. */
    static final class Subscriber {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private volatile boolean dropped;

        /** The next event frame, or null when none came within the wait. */
        String next(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        boolean isDropped() {
            return dropped;
        }
    }

    /** @return the new subscriber, or null when {@code max} pages are already subscribed or the hub is closed */
    synchronized Subscriber subscribe(int max) {
        if (closed || subscribers.size() >= max) {
            return null;
        }
        Subscriber s = new Subscriber();
        subscribers.add(s);
        return s;
    }

    void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    int subscribers() {
        return subscribers.size();
    }

    boolean isClosed() {
        return closed;
    }

    /** Sends {@code data} (turned into JSON) as an SSE event of type {@code type} to every page. */
    void publish(String type, Object data) {
        if (subscribers.isEmpty()) {
            return;
        }
        String frame = frame(sequence.incrementAndGet(), type, Json.write(data));
        for (Subscriber s : subscribers) {
            if (!s.queue.offer(frame)) {
                s.dropped = true;
                subscribers.remove(s);
            }
        }
    }

    /**
     * Tells the bundle's own components that something changed ({@code network}, {@code proxy}). Listener services
     * signal here instead of reading the node's state themselves: the services they would read may be the very ones
     * that are binding them (a service cycle).
     */
    void signal(String what) {
        for (Consumer<String> h : signalHandlers) {
            h.accept(what);
        }
    }

    void addSignalHandler(Consumer<String> handler) {
        signalHandlers.add(handler);
    }

    void removeSignalHandler(Consumer<String> handler) {
        signalHandlers.remove(handler);
    }

    /** One SSE event (HTML Living Standard, "Server-sent events", section 9.2.5): JSON has no raw newlines. */
    static String frame(long id, String type, String json) {
        return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
    }

    @Deactivate
    void deactivate() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.dropped = true;
        }
        subscribers.clear();
    }
}
