package io.nodus.ml.aggregator.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

import io.nodus.api.identity.PeerId;

/** The workers of a run: which shards each holds, when each was last heard from, and who is still alive. */
final class WorkerRoster {

    static final String PREFIX = "roster.";

    private static final class Member {
        final Set<Integer> shards = new TreeSet<>();
        long lastSeenNanos = System.nanoTime();
        long reportedSamples = -1;
        boolean alive = true;
    }

    private final Map<PeerId, Member> members = new LinkedHashMap<>();

    /** A member that holds no shard yet. */
    synchronized void add(PeerId peer) {
        members.computeIfAbsent(peer, p -> new Member());
    }

    synchronized boolean contains(PeerId peer) {
        return members.containsKey(peer);
    }

    /** The live member holding the fewest samples (null when none is alive). */
    synchronized PeerId leastLoaded(IntUnaryOperator shardSize) {
        PeerId best = null;
        long least = Long.MAX_VALUE;
        for (Map.Entry<PeerId, Member> e : members.entrySet()) {
            if (e.getValue().alive) {
                long s = e.getValue().shards.stream().mapToLong(shardSize::applyAsInt).sum();
                if (s < least) {
                    least = s;
                    best = e.getKey();
                }
            }
        }
        return best;
    }

    synchronized void assign(PeerId peer, int shard) {
        members.computeIfAbsent(peer, p -> new Member()).shards.add(shard);
    }

    /** Records contact; returns false for a peer that is not (or no longer) in the run. */
    synchronized boolean seen(PeerId peer, long samplesReported) {
        Member m = members.get(peer);
        if (m == null || !m.alive) {
            return false;
        }
        m.lastSeenNanos = System.nanoTime();
        if (samplesReported >= 0) {
            m.reportedSamples = samplesReported;
        }
        return true;
    }

    synchronized boolean isAlive(PeerId peer) {
        Member m = members.get(peer);
        return m != null && m.alive;
    }

    synchronized Set<PeerId> alive() {
        return members.entrySet().stream().filter(e -> e.getValue().alive).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    synchronized List<String> describe(IntUnaryOperator shardSize) {
        List<String> out = new ArrayList<>();
        members.forEach((p, m) -> out.add(p + " " + (m.alive ? "alive" : "dead") + " shards=" + m.shards
                + " samples=" + m.shards.stream().mapToInt(shardSize::applyAsInt).sum()));
        return out;
    }

    /** Treats every worker as heard from {@code nanos} in the future (reconnect time after a restart). */
    synchronized void grace(long nanos) {
        long t = System.nanoTime() + nanos;
        members.values().forEach(m -> m.lastSeenNanos = t);
    }

    /** Declares workers silent for longer than the timeout dead and returns them. */
    synchronized List<PeerId> expire(long timeoutNanos) {
        long now = System.nanoTime();
        List<PeerId> dead = new ArrayList<>();
        members.forEach((p, m) -> {
            if (m.alive && now - m.lastSeenNanos > timeoutNanos) {
                m.alive = false;
                dead.add(p);
            }
        });
        return dead;
    }

    /** Gives every shard of a dead worker to the live worker holding the fewest samples; returns shard -> new owner. */
    synchronized Map<Integer, PeerId> redistribute(PeerId dead, IntUnaryOperator shardSize) {
        Member d = members.get(dead);
        Map<Integer, PeerId> moves = new LinkedHashMap<>();
        if (d == null) {
            return moves;
        }
        for (int shard : d.shards) {
            PeerId target = null;
            long least = Long.MAX_VALUE;
            for (Map.Entry<PeerId, Member> e : members.entrySet()) {
                if (e.getValue().alive) {
                    long s = e.getValue().shards.stream().mapToLong(shardSize::applyAsInt).sum();
                    if (s < least) {
                        least = s;
                        target = e.getKey();
                    }
                }
            }
            if (target != null) {
                members.get(target).shards.add(shard);
                moves.put(shard, target);
            }
        }
        // shards nobody could take stay listed with the dead worker
        d.shards.removeAll(moves.keySet());
        return moves;
    }

    /** Whether some dead member still lists shards nobody alive could take (every member died). */
    synchronized boolean hasOrphans() {
        return members.values().stream().anyMatch(m -> !m.alive && !m.shards.isEmpty());
    }

    /** Gives every shard left with dead members to {@code adopter} (a new, live member); returns shard -> adopter. */
    synchronized Map<Integer, PeerId> adoptOrphans(PeerId adopter) {
        Member a = members.computeIfAbsent(adopter, p -> new Member());
        Map<Integer, PeerId> moves = new LinkedHashMap<>();
        if (!a.alive) {
            return moves;
        }
        for (Member m : members.values()) {
            if (!m.alive) {
                m.shards.forEach(s -> moves.put(s, adopter));
                a.shards.addAll(m.shards);
                m.shards.clear();
            }
        }
        return moves;
    }

    synchronized Set<Integer> shardsOf(PeerId peer) {
        Member m = members.get(peer);
        return m == null ? Set.of() : Set.copyOf(m.shards);
    }

    /** Samples the worker said it holds (-1: not reported yet). */
    synchronized long reportedSamples(PeerId peer) {
        Member m = members.get(peer);
        return m == null ? -1 : m.reportedSamples;
    }

    synchronized Map<String, String> toState() {
        Map<String, String> s = new HashMap<>();
        members.forEach((p, m) -> s.put(PREFIX + p, (m.alive ? "alive" : "dead") + ":"
                + m.shards.stream().map(String::valueOf).collect(Collectors.joining(","))));
        return s;
    }

    static WorkerRoster fromState(Map<String, String> state) {
        WorkerRoster r = new WorkerRoster();
        state.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                PeerId peer = PeerId.parse(k.substring(PREFIX.length()));
                Member m = new Member();
                m.alive = v.startsWith("alive");
                String list = v.substring(v.indexOf(':') + 1);
                if (!list.isEmpty()) {
                    for (String s : list.split(",")) {
                        m.shards.add(Integer.parseInt(s));
                    }
                }
                r.members.put(peer, m);
            }
        });
        return r;
    }
}
