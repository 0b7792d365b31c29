package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * <p>
 * Numbers are only meaningful within one incarnation of the sender: its chat engine picks a random epoch when it
 * starts and numbers from 0 again, since nothing of a chat survives a restart. Ordering is therefore kept per
 * (conversation, sender, epoch). The first message of an epoch not seen before means the sender restarted: its
 * earlier incarnation will never fill the gaps it left, so what that one left held is delivered as it stands, and
 * its line stays (at most {@value #MAX_EPOCHS} per sender and conversation) only to order and drop its stragglers.
 * Independently of numbers, the ids of delivered messages are remembered until their TTL (at most
 * {@value #MAX_SEEN}), so a copy that comes back in another epoch or after its line was forgotten is not delivered
 * twice.
 */
final class InboundOrder {

    /** Most messages held back per sender and conversation. */
    static final int MAX_HELD = 4096;
    /** Incarnations of one sender whose lines are kept per conversation; the oldest is forgotten first. */
    static final int MAX_EPOCHS = 4;
    /** Most ids of delivered messages remembered against copies; the oldest is forgotten first. */
    static final int MAX_SEEN = 65_536;

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

    /** Per sender and conversation, its lines by epoch, the one seen first first. */
    private final Map<Key, LinkedHashMap<Long, Line>> lines = new HashMap<>();
    /** Ids of delivered messages and when they expire, oldest first. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    /**
     * Takes one message of the sender's incarnation {@code epoch}; {@code floor} is that incarnation's lowest number
     * still unacknowledged for us. The result lists every message now ready, in order.
     */
    synchronized Result accept(ChatMessage m, long epoch, long floor) {
        if (seen.containsKey(m.id())) {
            return new Result(Outcome.DUPLICATE, List.of());
        }
        LinkedHashMap<Long, Line> epochs = lines.computeIfAbsent(new Key(m.conversation().toString(), m.sender()),
                k -> new LinkedHashMap<>());
        List<ChatMessage> ready = new ArrayList<>();
        Line line = epochs.get(epoch);
        if (line == null) {
            for (Line earlier : epochs.values()) {
                ready.addAll(earlier.held.values());
                earlier.held.clear();
            }
            line = new Line();
            epochs.put(epoch, line);
            Iterator<Line> it = epochs.values().iterator();
            while (epochs.size() > MAX_EPOCHS && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        if (line.next < 0 || floor > line.next) {
            line.next = Math.max(line.next, floor);
        }
        long seq = m.sequence();
        if (seq < line.next || line.held.containsKey(seq)) {
            return delivered(new Result(Outcome.DUPLICATE, ready));
        }
        if (seq > line.next && line.held.size() >= MAX_HELD) {
            return delivered(new Result(Outcome.OVERFLOW, ready));
        }
        line.held.put(seq, m);
        // a raised floor may release messages held earlier, so drain everything at or below next
        while (!line.held.isEmpty() && line.held.firstKey() <= line.next) {
            Map.Entry<Long, ChatMessage> first = line.held.pollFirstEntry();
            ready.add(first.getValue());
            line.next = Math.max(line.next, first.getKey() + 1);
        }
        return delivered(new Result(ready.contains(m) ? Outcome.DELIVERED : Outcome.HELD, ready));
    }

    private Result delivered(Result r) {
        for (ChatMessage m : r.ready()) {
            seen.put(m.id(), m.expiresAt());
        }
        Iterator<String> it = seen.keySet().iterator();
        while (seen.size() > MAX_SEEN && it.hasNext()) {
            it.next();
            it.remove();
        }
        return r;
    }

    /** Forgets held messages and remembered ids that expired. */
    synchronized void purge(Instant now) {
        for (LinkedHashMap<Long, Line> epochs : lines.values()) {
            epochs.values().forEach(line -> line.held.values().removeIf(m -> !m.expiresAt().isAfter(now)));
        }
        seen.values().removeIf(expires -> !expires.isAfter(now));
    }

    synchronized void forget(PeerId sender) {
        lines.keySet().removeIf(k -> k.sender().equals(sender));
    }

    synchronized int held() {
        int n = 0;
        for (LinkedHashMap<Long, Line> epochs : lines.values()) {
            for (Line l : epochs.values()) {
                n += l.held.size();
            }
        }
        return n;
    }
}
