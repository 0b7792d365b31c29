package io.nodus.transport.host;

import static io.nodus.transport.host.HostFixture.dialable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.host.LibP2pHost;

/**
 * Java-to-Java figures, printed and never asserted: connection setup time and single-stream throughput.
 * Runs only with {@code -Dnodus.bench=true}.
 */
class HostBenchmark {

    private static final String SINK = "/nodus/sink/1.0.0";
    private static final long BYTES = 256L * 1024 * 1024;
    private static final int DIALS = 200;

    @Test
    void printFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("nodus.bench"), "benchmark: run with -Dnodus.bench=true");
        try (HostFixture fixture = new HostFixture()) {
            LibP2pHost a = fixture.start();
            LibP2pHost b = fixture.start(Map.of("maxConnections", 1000));
            b.addProtocolHandler(sinkHandler(), Map.of(ProtocolHandler.PROTOCOL, SINK));
            Multiaddr addr = dialable(b);

            long[] setup = new long[DIALS];
            for (int i = 0; i < DIALS; i++) {
                long t0 = System.nanoTime();
                a.connect(addr);
                setup[i] = System.nanoTime() - t0;
                a.disconnect(b.peerId());
                HostFixture.await(() -> a.connections().isEmpty(), java.time.Duration.ofSeconds(10), "disconnect");
            }
            Arrays.sort(setup);
            System.out.printf(Locale.ROOT, "connection setup (TCP+multistream+Noise XX+yamux), %d dials: p50 %.2f ms,"
                    + " p90 %.2f ms, p99 %.2f ms%n", DIALS, setup[DIALS / 2] / 1e6, setup[DIALS * 9 / 10] / 1e6,
                    setup[DIALS * 99 / 100] / 1e6);

            a.connect(addr);
            for (int run = 0; run < 3; run++) {
                try (P2PStream s = a.newStream(b.peerId(), SINK)) {
                    byte[] chunk = new byte[256 * 1024];
                    long t0 = System.nanoTime();
                    OutputStream out = s.output();
                    for (long sent = 0; sent < BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.flush();
                    s.closeWrite();
                    long counted = new DataInputStream(s.input()).readLong();
                    long ns = System.nanoTime() - t0;
                    assertEquals(BYTES, counted);
                    System.out.printf(Locale.ROOT, "single stream, 256 MiB Java->Java: %.0f ms, %.1f MiB/s%n", ns / 1e6,
                            BYTES / 1048576.0 / (ns / 1e9));
                }
            }
        }
    }

    private static ProtocolHandler sinkHandler() {
        return stream -> {
            InputStream in = stream.input();
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0;) {
                total += n;
            }
            DataOutputStream out = new DataOutputStream(stream.output());
            out.writeLong(total);
            out.flush();
        };
    }
}
