package io.nodus.pubsub.impl.network;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.message.MessageSigner;
import io.nodus.pubsub.impl.message.MessageValidator;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/**
 * Figures, printed and never asserted: sign/verify cost, and latency and throughput of 1 KiB messages from one
 * node to four others in a five-node gossipsub mesh on 127.0.0.1. Runs only with {@code -Dnodus.bench=true}.
 */
class PubSubBenchmark {

    private static final String TOPIC = "bench";
    private static final int LATENCY_MESSAGES = 1000;
    private static final int THROUGHPUT_MESSAGES = 20_000;
    private static final int IN_FLIGHT = 256;

    @TempDir
    Path dir;

    @Test
    void printFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("nodus.bench"), "benchmark: run with -Dnodus.bench=true");
        try (PubSubFixture fixture = new PubSubFixture(dir)) {
            signAndVerify(fixture.identity());
            List<Node> n = fixture.start(5, PubSubSettings.DEFAULTS);
            int receivers = n.size() - 1;
            AtomicLongArray counts = new AtomicLongArray(receivers);
            ConcurrentHashMap<Long, long[]> arrivals = new ConcurrentHashMap<>();
            for (int r = 0; r < receivers; r++) {
                int k = r;
                n.get(r + 1).pubsub().subscribe(TOPIC, m -> {
                    long index = ByteBuffer.wrap(m.data()).getLong();
                    long[] at = arrivals.get(index);
                    if (at != null) {
                        at[k] = System.nanoTime();
                    }
                    counts.incrementAndGet(k);
                });
            }
            for (int i = 0; i < n.size(); i++) {
                for (int k = i + 1; k < n.size(); k++) {
                    connect(n.get(i), n.get(k));
                }
            }
            await(() -> n.get(0).pubsub().peers(TOPIC).size() == receivers, "all subscribers known");
            Node sender = n.get(0);

            long[] latency = new long[LATENCY_MESSAGES];
            for (int i = 0; i < LATENCY_MESSAGES; i++) {
                long[] at = new long[receivers];
                arrivals.put((long) i, at);
                long t0 = System.nanoTime();
                sender.pubsub().publish(TOPIC, payload(i));
                await(() -> Arrays.stream(at).allMatch(t -> t != 0), Duration.ofSeconds(10), "message delivered");
                latency[i] = Arrays.stream(at).max().getAsLong() - t0;
                arrivals.remove((long) i);
            }
            Arrays.sort(latency);
            System.out.printf(Locale.ROOT, "publish to delivery at all 4 peers, 1 KiB, %d messages one at a time: "
                    + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n", LATENCY_MESSAGES, latency[LATENCY_MESSAGES / 2] / 1e6,
                    latency[LATENCY_MESSAGES * 9 / 10] / 1e6, latency[LATENCY_MESSAGES * 99 / 100] / 1e6);

            long base = LATENCY_MESSAGES;
            long t0 = System.nanoTime();
            for (int i = 0; i < THROUGHPUT_MESSAGES; i++) {
                long sent = i;
                await(() -> sent - minCount(counts, base) < IN_FLIGHT, Duration.ofSeconds(30), "window");
                sender.pubsub().publish(TOPIC, payload(base + i));
            }
            await(() -> minCount(counts, base) >= THROUGHPUT_MESSAGES, Duration.ofSeconds(60), "all delivered");
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "throughput, 1 KiB messages to 4 peers, %d in flight: %.0f msg/s "
                    + "(%.1f MB/s per receiver); dropped RPCs: %d%n", IN_FLIGHT, THROUGHPUT_MESSAGES / seconds,
                    THROUGHPUT_MESSAGES * 1024 / seconds / 1e6, sender.pubsub().stats().droppedRpcs());
        }
    }

    private static long minCount(AtomicLongArray counts, long base) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < counts.length(); i++) {
            min = Math.min(min, counts.get(i) - base);
        }
        return min;
    }

    private static byte[] payload(long index) {
        return ByteBuffer.allocate(1024).putLong(index).array();
    }

    private static void signAndVerify(NodeIdentity identity) throws Exception {
        MessageSigner signer = new MessageSigner(identity);
        MessageValidator validator = new MessageValidator(identity::verify);
        int rounds = 5000;
        Message m = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            m = signer.sign(TOPIC, payload(i));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            validator.validate(m);
        }
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "StrictSign, 1 KiB messages, Ed25519: sign %.1f us, validate %.1f us%n",
                (t1 - t0) / 1e3 / rounds, (t2 - t1) / 1e3 / rounds);
    }
}
