package io.nodus.chat.impl.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.nodus.api.identity.PeerId;

/**
 * Per-peer queues of payloads not yet acknowledged, in memory only. New items wait in send order; sent items that
 * ask for a receipt stay until acknowledged, are sent again when no receipt came in time or the peer lost its
 * session, and are dropped at their TTL.
 */
final class Outbox {

    private static final class Queue {
        final LinkedHashMap<String, OutboxItem> items = new LinkedHashMap<>();
        final ArrayDeque<OutboxItem> unsent = new ArrayDeque<>();
        /** Sequence numbers of the text items held, per conversation (for the floor). */
        final Map<String, TreeSet<Long>> seqs = new HashMap<>();

        void forget(OutboxItem item) {
            if (item.conversation != null) {
                TreeSet<Long> s = seqs.get(item.conversation);
                if (s != null) {
                    s.remove(item.seq);
                    if (s.isEmpty()) {
                        seqs.remove(item.conversation);
                    }
                }
            }
        }
    }

    private final int maxPerPeer;
    private final Map<PeerId, Queue> queues = new HashMap<>();

    Outbox(int maxPerPeer) {
        this.maxPerPeer = maxPerPeer;
    }

    /** @return false when the peer's queue is full */
    synchronized boolean add(PeerId peer, OutboxItem item) {
        Queue q = queues.computeIfAbsent(peer, p -> new Queue());
        if (q.items.size() >= maxPerPeer) {
            return false;
        }
        q.items.put(item.id, item);
        q.unsent.addLast(item);
        if (item.conversation != null) {
            q.seqs.computeIfAbsent(item.conversation, c -> new TreeSet<>()).add(item.seq);
        }
        return true;
    }

    /** The next item to write, removed from the unsent list (put it back with {@link #unsendFirst} on failure). */
    synchronized OutboxItem nextUnsent(PeerId peer) {
        Queue q = queues.get(peer);
        return q == null ? null : q.unsent.pollFirst();
    }

    synchronized void unsendFirst(PeerId peer, OutboxItem item) {
        Queue q = queues.get(peer);
        if (q != null && q.items.containsKey(item.id)) {
            q.unsent.addFirst(item);
        }
    }

    synchronized boolean hasUnsent(PeerId peer) {
        Queue q = queues.get(peer);
        return q != null && !q.unsent.isEmpty();
    }

    synchronized void markSent(PeerId peer, OutboxItem item, Instant now) {
        item.sent = true;
        item.sentAt = now;
        if (!item.awaitAck) {
            Queue q = queues.get(peer);
            if (q != null && q.items.remove(item.id) != null) {
                q.forget(item);
            }
        }
    }

    /** Removes acknowledged items; returns them. */
    synchronized List<OutboxItem> ack(PeerId peer, Set<String> ids) {
        Queue q = queues.get(peer);
        List<OutboxItem> out = new ArrayList<>();
        if (q == null) {
            return out;
        }
        for (String id : ids) {
            OutboxItem item = q.items.remove(id);
            if (item != null) {
                q.forget(item);
                out.add(item);
            }
        }
        if (!out.isEmpty()) {
            Set<OutboxItem> gone = new HashSet<>(out);
            q.unsent.removeIf(gone::contains);
        }
        return out;
    }

    /** Puts every kept item back in line, in send order (the peer lost its session, or a new one started). */
    synchronized int resendAll(PeerId peer) {
        Queue q = queues.get(peer);
        if (q == null) {
            return 0;
        }
        q.unsent.clear();
        q.unsent.addAll(q.items.values());
        return q.unsent.size();
    }

    /** Puts items left at a relay back in line (the peer is reachable again); returns how many. */
    synchronized int resendDeposited(PeerId peer) {
        Queue q = queues.get(peer);
        if (q == null) {
            return 0;
        }
        Set<OutboxItem> queued = new HashSet<>(q.unsent);
        List<OutboxItem> again = new ArrayList<>();
        for (OutboxItem item : q.items.values()) {
            if (item.deposited && !queued.contains(item)) {
                item.deposited = false;
                again.add(item);
            }
        }
        again.addAll(q.unsent);
        q.unsent.clear();
        q.unsent.addAll(again);
        return again.size();
    }

    /** Puts sent items without a receipt for {@code ackTimeout} back in line; returns the peers concerned. */
    synchronized Set<PeerId> resendUnacknowledged(Instant now, Duration ackTimeout) {
        Set<PeerId> peers = new HashSet<>();
        for (Map.Entry<PeerId, Queue> e : queues.entrySet()) {
            Queue q = e.getValue();
            Set<OutboxItem> queued = new HashSet<>(q.unsent);
            List<OutboxItem> late = new ArrayList<>();
            for (OutboxItem item : q.items.values()) {
                if (item.sent && !item.deposited && !queued.contains(item) && item.sentAt.plus(ackTimeout).isBefore(now)) {
                    late.add(item);
                }
            }
            if (!late.isEmpty()) {
                List<OutboxItem> merged = new ArrayList<>(late);
                merged.addAll(q.unsent);
                q.unsent.clear();
                q.unsent.addAll(merged);
                peers.add(e.getKey());
            }
        }
        return peers;
    }

    /** The lowest sequence number still held for the peer in the conversation, or {@code fallback}. */
    synchronized long floor(PeerId peer, String conversation, long fallback) {
        Queue q = queues.get(peer);
        if (q == null) {
            return fallback;
        }
        TreeSet<Long> s = q.seqs.get(conversation);
        return s == null || s.isEmpty() ? fallback : Math.min(fallback, s.first());
    }

    /** Drops expired items; returns them. */
    synchronized List<OutboxItem> purge(Instant now) {
        List<OutboxItem> out = new ArrayList<>();
        for (Iterator<Queue> qi = queues.values().iterator(); qi.hasNext();) {
            Queue q = qi.next();
            for (Iterator<OutboxItem> it = q.items.values().iterator(); it.hasNext();) {
                OutboxItem item = it.next();
                if (!item.expiresAt.isAfter(now)) {
                    it.remove();
                    q.forget(item);
                    out.add(item);
                }
            }
            if (!out.isEmpty()) {
                Set<OutboxItem> gone = new HashSet<>(out);
                q.unsent.removeIf(gone::contains);
            }
            if (q.items.isEmpty() && q.unsent.isEmpty()) {
                qi.remove();
            }
        }
        return out;
    }

    synchronized List<OutboxItem> clear(PeerId peer) {
        Queue q = queues.remove(peer);
        return q == null ? List.of() : new ArrayList<>(q.items.values());
    }

    synchronized int size(PeerId peer) {
        Queue q = queues.get(peer);
        return q == null ? 0 : q.items.size();
    }

    synchronized int total() {
        int n = 0;
        for (Queue q : queues.values()) {
            n += q.items.size();
        }
        return n;
    }

    synchronized Set<PeerId> peersWithItems() {
        return new HashSet<>(queues.keySet());
    }
}
