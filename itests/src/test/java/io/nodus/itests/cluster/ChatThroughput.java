package io.nodus.itests.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nodus.itests.cluster.Cluster.Node;
import io.nodus.itests.cluster.ClusterChat.Pair;

/**
 * Messages per second across the cluster: every pair's sender sends {@code perPair} messages in one shell session
 * (all pairs at once); the clock stops when every receiver's {@code nodus_chat_messages_received_total} has grown
 * by what was sent to it.
 */
final class ChatThroughput {

    static final Duration DEADLINE = Duration.ofMinutes(3);

    private ChatThroughput() {
    }

    static double measure(Cluster cluster, List<Pair> pairs, int perPair) throws InterruptedException {
        Map<String, Double> before = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        Map<String, Node> receivers = new HashMap<>();
        for (Pair p : pairs) {
            receivers.put(p.to().name(), p.to());
            expected.merge(p.to().name(), perPair, Integer::sum);
        }
        for (Node r : receivers.values()) {
            before.put(r.name(), cluster.scrape(r).value("nodus_chat_messages_received_total"));
        }
        ExecutorService senders = Executors.newFixedThreadPool(pairs.size());
        try {
            long t0 = System.nanoTime();
            List<Future<Cluster.Result>> sent = new ArrayList<>();
            for (Pair p : pairs) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < perPair; i++) {
                    lines.add("chat:send " + p.to().peer() + " throughput " + i);
                }
                sent.add(senders.submit(() -> cluster.shellScript(p.from().name(), lines)));
            }
            for (Future<Cluster.Result> f : sent) {
                Cluster.Result r = f.get();
                if (r.exit() != 0 || r.stdout().contains("ERROR") || r.stderr().contains("ChatException")) {
                    throw new AssertionError("sending failed: " + r);
                }
            }
            Deadline.await("every receiver got its messages", DEADLINE, () -> {
                Map<String, Double> missing = new HashMap<>();
                for (Node r : receivers.values()) {
                    double got = cluster.scrape(r).value("nodus_chat_messages_received_total") - before.get(r.name());
                    if (got < expected.get(r.name())) {
                        missing.put(r.name(), expected.get(r.name()) - got);
                    }
                }
                return missing;
            }, Map::isEmpty);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return perPair * pairs.size() / seconds;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("sender failed", e.getCause());
        } finally {
            senders.shutdownNow();
        }
    }
}
