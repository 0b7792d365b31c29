package io.nodus.transport.impl.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nodus.api.transport.ProtocolHandler;

/**
 * The protocols we serve: built-ins plus the {@link ProtocolHandler} whiteboard. When several handlers claim one
 * protocol id, the one with the highest {@code service.ranking} (then the lowest {@code service.id}) serves it.
 * Listeners hear when the set of served protocol ids changes (for identify push).
 */
public final class ProtocolRegistry {

    public static final int MAX_PROTOCOL_ID_LENGTH = 1024;

    private record Registration(ProtocolHandler handler, int ranking, long serviceId) {
    }

    private static final Comparator<Registration> PRIORITY = Comparator
            .comparingInt((Registration r) -> -r.ranking).thenComparingLong(r -> r.serviceId);

    private final Map<String, List<Registration>> byProtocol = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private long nextLocalId = Long.MAX_VALUE / 2;

    /** Registers a built-in protocol; a whiteboard handler for the same id takes precedence over it. */
    public void addBuiltIn(String protocol, ProtocolHandler handler) {
        add(handler, List.of(protocol), Integer.MIN_VALUE, nextId());
    }

    /** Whiteboard bind: the protocol ids come from the {@value ProtocolHandler#PROTOCOL} property. */
    public void add(ProtocolHandler handler, Map<String, ?> properties) {
        List<String> ids = protocolIds(properties);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("protocol handler without a valid '" + ProtocolHandler.PROTOCOL
                    + "' service property: " + properties.get(ProtocolHandler.PROTOCOL));
        }
        add(handler, ids, ranking(properties), serviceId(properties));
    }

    public void remove(ProtocolHandler handler) {
        boolean changed = false;
        synchronized (this) {
            for (var it = byProtocol.entrySet().iterator(); it.hasNext();) {
                var e = it.next();
                List<Registration> list = new ArrayList<>(e.getValue());
                if (list.removeIf(r -> r.handler == handler)) {
                    if (list.isEmpty()) {
                        it.remove();
                        changed = true;
                    } else {
                        e.setValue(List.copyOf(list));
                    }
                }
            }
        }
        if (changed) {
            fireChanged();
        }
    }

    /** Whiteboard modified: the protocol ids or ranking may have changed. */
    public void update(ProtocolHandler handler, Map<String, ?> properties) {
        Set<String> before = protocols();
        synchronized (this) {
            for (var e : byProtocol.entrySet()) {
                List<Registration> list = new ArrayList<>(e.getValue());
                list.removeIf(r -> r.handler == handler);
                e.setValue(List.copyOf(list));
            }
            byProtocol.values().removeIf(List::isEmpty);
            List<String> ids = protocolIds(properties);
            Registration reg = new Registration(handler, ranking(properties), serviceId(properties));
            ids.forEach(id -> insert(id, reg));
        }
        if (!before.equals(protocols())) {
            fireChanged();
        }
    }

    public ProtocolHandler handler(String protocol) {
        List<Registration> list = byProtocol.get(protocol);
        return list == null || list.isEmpty() ? null : list.get(0).handler;
    }

    /** The protocol ids served now, sorted. */
    public Set<String> protocols() {
        return new TreeSet<>(byProtocol.keySet());
    }

    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void add(ProtocolHandler handler, List<String> ids, int ranking, long serviceId) {
        boolean changed = false;
        Registration reg = new Registration(handler, ranking, serviceId);
        synchronized (this) {
            for (String id : ids) {
                changed |= insert(id, reg);
            }
        }
        if (changed) {
            fireChanged();
        }
    }

    private boolean insert(String id, Registration reg) {
        List<Registration> old = byProtocol.get(id);
        List<Registration> list = old == null ? new ArrayList<>() : new ArrayList<>(old);
        list.add(reg);
        list.sort(PRIORITY);
        byProtocol.put(id, List.copyOf(list));
        return old == null;
    }

    private synchronized long nextId() {
        return nextLocalId++;
    }

    private void fireChanged() {
        for (Runnable r : changeListeners) {
            r.run();
        }
    }

    static List<String> protocolIds(Map<String, ?> properties) {
        Object value = properties.get(ProtocolHandler.PROTOCOL);
        Collection<?> raw;
        if (value instanceof String s) {
            raw = List.of(s);
        } else if (value instanceof String[] a) {
            raw = List.of(a);
        } else if (value instanceof Collection<?> c) {
            raw = c;
        } else {
            raw = List.of();
        }
        List<String> ids = new ArrayList<>();
        for (Object o : raw) {
            if (o instanceof String s && isValidProtocolId(s) && !ids.contains(s)) {
                ids.add(s);
            }
        }
        return ids;
    }

    /** Multistream-select messages are one line; ids must be non-empty, without newline, of bounded length. */
    static boolean isValidProtocolId(String id) {
        return !id.isEmpty() && id.length() <= MAX_PROTOCOL_ID_LENGTH && id.indexOf('\n') < 0 && !"na".equals(id)
                && !"ls".equals(id);
    }

    private static int ranking(Map<String, ?> properties) {
        return properties.get("service.ranking") instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
    }
}
