package io.nodus.chat.impl.engine;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.nodus.api.chat.ChatListener;

/** The {@link ChatListener} whiteboard: every listener hears every event; one that throws is logged and skipped. */
public final class ChatEvents {

    private static final System.Logger LOG = System.getLogger(ChatEvents.class.getName());

    private final Map<Object, Supplier<ChatListener>> listeners = new ConcurrentHashMap<>();

    public void add(ChatListener l) {
        listeners.put(l, () -> l);
    }

    public void remove(ChatListener l) {
        listeners.remove(l);
    }

    /**
     * A listener obtained only when the first event comes: a listener component that references the chat service
     * (e.g. metrics) could otherwise not be activated while the chat component itself activates.
     */
    public void addLazy(Object key, Supplier<ChatListener> listener) {
        listeners.put(key, listener);
    }

    public void removeLazy(Object key) {
        listeners.remove(key);
    }

    void fire(Consumer<ChatListener> event) {
        for (Supplier<ChatListener> s : listeners.values()) {
            ChatListener l = null;
            try {
                l = s.get();
                if (l != null) {
                    event.accept(l);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "chat listener {0} failed: {1}", l == null ? s : l.getClass().getName(),
                        e.toString());
            }
        }
    }
}
