package io.nodus.transport.impl.yamux;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One stream, 1 GiB, over loopback TCP with nothing but yamux (no Noise): prints MB/s. Run by hand (not a test):
 * {@code java -cp <test classpath> io.nodus.transport.impl.yamux.YamuxThroughputBenchmark [MiB] [rounds] [send frame payload]}.
 */
public final class YamuxThroughputBenchmark {

    private YamuxThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // keep-alive off: its pings flush the connection, which would hide a writer that stalls unflushed
        YamuxConfig defaults = YamuxConfig.defaults().withKeepAlive(Duration.ZERO, Duration.ofSeconds(10));
        YamuxConfig config = args.length > 2
                ? defaults.withFramePayloads(YamuxConfig.DEFAULT_MAX_FRAME_PAYLOAD, Integer.parseInt(args[2]))
                : defaults;
        long total = (long) mib * 1024 * 1024;
        byte[] chunk = YamuxFrameCodecTest.bytes(1024 * 1024, 1);
        CompletableFuture<Long>[] received = new CompletableFuture[1];
        try (YamuxLoopback loopback = new YamuxLoopback(config, stream -> {
            long n = 0;
            byte[] buf = new byte[256 * 1024];
            try (stream) {
                for (int r; (r = stream.input().read(buf)) >= 0;) {
                    n += r;
                }
                System.out.printf("  receive window grew to %d KiB%n", stream.receiveWindow() / 1024);
                received[0].complete(n);
            } catch (IOException e) {
                received[0].completeExceptionally(e);
            }
        })) {
            YamuxSession client = loopback.connect(config, stream -> { });
            for (int round = 0; round < rounds; round++) {
                received[0] = new CompletableFuture<>();
                YamuxStream stream = client.openStream(Await.DEADLINE);
                long start = System.nanoTime();
                for (long sent = 0; sent < total; sent += chunk.length) {
                    stream.output().write(chunk, 0, (int) Math.min(chunk.length, total - sent));
                }
                stream.closeWrite();
                long got = received[0].get();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %d MiB in %.2f s = %.0f MB/s%n", round, got >> 20, seconds,
                        got / seconds / 1e6);
                stream.close();
            }
        }
    }
}
