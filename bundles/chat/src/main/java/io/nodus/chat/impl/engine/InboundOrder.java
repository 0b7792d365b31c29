package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.identity.PeerId;

/**
 * Per-conversation ordering of incoming messages: each sender numbers its messages in a conversation, and a message
 * is delivered only after the ones before it. The sender's floor (its lowest number still unacknowledged for us)
 * tells which gaps will never fill (expired there, or delivered before we restarted). Early messages wait in a
 * bounded buffer; duplicates are dropped.
 */
final class InboundOrder {

    /** Most messages held back per sender and conversation. */
    static final int MAX_HELD = 4096;

    private record Key(String conversation, PeerId sender) {
    }

    private static final class Line {
        long next = -1;
        final TreeMap<Long, ChatMessage> held = new TreeMap<>();
    }

    /** What became of one incoming message. */
    enum Outcome {
        DELIVERED, HELD, DUPLICATE, OVERFLOW
    }

    record Result(Outcome outcome, List<ChatMessage> ready) {
    }

    private final Map<Key, Line> lines = new HashMap<>();

    synchronized Result accept(ChatMessage m, long floor) {
        Line line = lines.computeIfAbsent(new Key(m.conversation().toString(), m.sender()), k -> new Line());
        if (line.next < 0 || floor > line.next) {
            line.next = Math.max(line.next, floor);
        }
        long seq = m.sequence();
        if (seq < line.next || line.held.containsKey(seq)) {
            return new Result(Outcome.DUPLICATE, List.of());
        }
        if (seq > line.next && line.held.size() >= MAX_HELD) {
            return new Result(Outcome.OVERFLOW, List.of());
        }
        line.held.put(seq, m);
        List<ChatMessage> ready = new ArrayList<>();
        // a raised floor may release messages held earlier, so drain everything at or below next
        while (!line.held.isEmpty() && line.held.firstKey() <= line.next) {
            Map.Entry<Long, ChatMessage> first = line.held.pollFirstEntry();
            ready.add(first.getValue());
            line.next = Math.max(line.next, first.getKey() + 1);
        }
        return new Result(ready.contains(m) ? Outcome.DELIVERED : Outcome.HELD, ready);
    }

    /** Forgets held messages that expired. */
    synchronized void purge(Instant now) {
        for (Iterator<Line> it = lines.values().iterator(); it.hasNext();) {
            Line line = it.next();
            line.held.values().removeIf(m -> !m.expiresAt().isAfter(now));
        }
    }

    synchronized void forget(PeerId sender) {
        lines.keySet().removeIf(k -> k.sender().equals(sender));
    }

    synchronized int held() {
        int n = 0;
        for (Line l : lines.values()) {
            n += l.held.size();
        }
        return n;
    }
}
