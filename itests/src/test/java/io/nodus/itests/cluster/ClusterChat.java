package io.nodus.itests.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import io.nodus.itests.cluster.Cluster.Node;
import io.nodus.itests.cluster.Cluster.Result;

/** Chat between cluster nodes through the {@code chat:*} shell commands, checked on the receiving side. */
final class ClusterChat {

    static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(60);
    static final Pattern SAFE_TEXT = Pattern.compile("[A-Za-z0-9 ._-]+");

    private final Cluster cluster;

    ClusterChat(Cluster cluster) {
        this.cluster = cluster;
    }

    record Pair(Node from, Node to) {

        /** The pair in words safe inside a shell command line ({@code a to b}). */
        String words() {
            return from.name() + " to " + to.name();
        }

        @Override
        public String toString() {
            return from.name() + " -> " + to.name();
        }
    }

    /**
     * {@code count} random pairs: first pairs of nodes not used before (each node in at most one pair), then, when
     * there are too few nodes for that, further pairs that repeat neither a pair nor its reverse.
     */
    static List<Pair> randomPairs(List<Node> nodes, int count, Random random) {
        List<Node> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < shuffled.size() && pairs.size() < count; i += 2) {
            pairs.add(new Pair(shuffled.get(i), shuffled.get(i + 1)));
        }
        List<Pair> more = new ArrayList<>();
        for (Node a : shuffled) {
            for (Node b : shuffled) {
                if (a != b) {
                    more.add(new Pair(a, b));
                }
            }
        }
        Collections.shuffle(more, random);
        for (Pair p : more) {
            if (pairs.size() >= count) {
                break;
            }
            boolean seen = pairs.stream().anyMatch(q -> (q.from == p.from && q.to == p.to) || (q.from == p.to && q.to == p.from));
            if (!seen) {
                pairs.add(p);
            }
        }
        return List.copyOf(pairs);
    }

    /** {@code chat:open} from {@code from} to the dialable address (IP or onion multiaddr with /p2p/); its output. */
    String open(Node from, String dialAddr) {
        Result r = cluster.shell(from.name(), "chat:open", dialAddr);
        if (r.exit() != 0 || !r.stdout().contains("open")) {
            throw new AssertionError("chat:open " + from.name() + " -> " + dialAddr + ": " + r);
        }
        return r.stdout().trim();
    }

    /**
     * {@link #open} retried until it succeeds or {@code limit} passes: after a node restarts, the other nodes' Tor
     * clients still hold its old onion descriptor (dead introduction points) until they fetch the one it published anew.
     */
    String openWithin(Node from, String dialAddr, Duration limit) {
        Result r = Deadline.await("chat:open " + from.name() + " -> " + dialAddr, limit,
                () -> cluster.shell(from.name(), "chat:open", dialAddr),
                x -> x.exit() == 0 && x.stdout().contains("open"));
        return r.stdout().trim();
    }

    /**
     * Sends {@code text} and waits until the receiver's history holds it; returns the milliseconds it took. The text
     * travels as words of a Gogo command line, so it is kept to letters, digits, spaces and {@code .-_} (a
     * {@code >} would be a redirection).
     */
    long sendAndAwait(Pair p, String text) {
        if (!SAFE_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not safe on a shell command line: " + text);
        }
        long t0 = System.nanoTime();
        Result sent = cluster.shell(p.from().name(), "chat:send", p.to().peer(), text);
        if (sent.exit() != 0) {
            throw new AssertionError("chat:send " + p + ": " + sent);
        }
        awaitReceived(p, text);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Waits (bounded) until the receiver of {@code p} has {@code text} from its sender in its history. */
    void awaitReceived(Pair p, String text) {
        Deadline.await(p + " receives '" + text + "'", DELIVERY_DEADLINE,
                () -> cluster.shell(p.to().name(), "chat:history", p.from().peer()).stdout(),
                history -> history.contains(text));
    }
}
