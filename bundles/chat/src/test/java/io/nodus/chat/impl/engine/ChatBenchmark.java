package io.nodus.chat.impl.engine;

import static io.nodus.chat.impl.engine.ChatTestNode.await;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.Conversation;

/**
 * Figures, printed and never asserted: message latency (send call to the receiver's listener, one message at a
 * time) p50/p99, and messages per second for a burst, between two hosts on loopback, for each payload protection
 * (encryption modes symmetric and asymmetric use the Double Ratchet; mode none uses signed plaintext). Runs only
 * with {@code -Dnodus.bench=true} (see itests/bench/chat/bench.sh).
 */
class ChatBenchmark {

    private static final int LATENCY_MESSAGES = 2_000;
    private static final int BURST_MESSAGES = 20_000;

    @Test
    void printFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("nodus.bench"), "benchmark: run with -Dnodus.bench=true");
        run("symmetric/asymmetric (double-ratchet)", "symmetric");
        run("none (signed)", "none");
    }

    private void run(String label, String mode) throws Exception {
        try (ChatTestNode a = new ChatTestNode(); ChatTestNode b = new ChatTestNode()) {
            a.chat.setEncryption(new FixedModeEncryption(mode));
            b.chat.setEncryption(new FixedModeEncryption(mode));
            a.connect(b);
            a.chat.open(b.peerId());
            Map<String, Long> arrived = new ConcurrentHashMap<>();
            b.chat.addListener(new ChatListener() {
                @Override
                public void messageReceived(ChatMessage m) {
                    arrived.put(m.id(), System.nanoTime());
                }
            });
            Conversation to = Conversation.peer(b.peerId());
            for (int i = 0; i < 500; i++) { // warm-up
                a.chat.send(to, "warm-up " + i);
            }
            await(() -> arrived.size() >= 500, "warm-up");
            arrived.clear();
            long[] latencies = new long[LATENCY_MESSAGES];
            for (int i = 0; i < LATENCY_MESSAGES; i++) {
                long start = System.nanoTime();
                String id = a.chat.send(to, "latency probe " + i).id();
                await(() -> arrived.containsKey(id), "message " + id);
                latencies[i] = arrived.get(id) - start;
            }
            Arrays.sort(latencies);
            arrived.clear();
            long start = System.nanoTime();
            for (int i = 0; i < BURST_MESSAGES; i++) {
                a.chat.send(to, "burst message number " + i);
            }
            await(() -> arrived.size() >= BURST_MESSAGES, "burst");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "chat bench mode=%s: latency p50=%.3f ms p99=%.3f ms (%d messages one at"
                    + " a time); burst %d messages in %.2f s = %.0f messages/s%n", label,
                    latencies[LATENCY_MESSAGES / 2] / 1e6, latencies[LATENCY_MESSAGES * 99 / 100] / 1e6,
                    LATENCY_MESSAGES, BURST_MESSAGES, seconds, BURST_MESSAGES / seconds);
        }
    }
}
