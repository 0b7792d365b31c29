package io.nodus.transport.host;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.host.LibP2pHost;

/**
 * The Java side of {@code itests/bench/transport/run.sh}: figures on loopback, printed as one JSON line per mode
 * and never asserted. Measured as {@code itests/js-peer/bench.mjs} does: throughput on one
 * {@value #SINK} stream after a warm-up stream ({@link #WARMUP_BYTES}, which run.sh sets to the JS side's
 * {@code --warmup-bytes}), from stream open until the 8-byte count arrives (MB = 10^6 bytes);
 * connection setup from the start of the dial until the remote's identify has been received, then the connection
 * is closed. The throughput line also gives the CPU time the process spent per byte streamed ({@code cpuNsPerByte},
 * both hosts when local), which a shared machine disturbs less than the wall clock.
 *
 * <pre>
 *   cipher &lt;bytes&gt;                   JCA ChaCha20-Poly1305 seal on this thread, 64 KiB per doFinal
 *   local &lt;bytes&gt; &lt;dials&gt;           two hosts in this JVM, Java client to Java server
 *   serve                             a host serving the sink; prints READY &lt;multiaddr&gt;, runs until stdin closes
 *   dial &lt;multiaddr&gt; &lt;bytes&gt; &lt;dials&gt; a Java client against any listener (e.g. js peer.mjs)
 * </pre>
 */
public final class TransportBench {

    static final String SINK = "/nodus/sink/1.0.0";
    /**
     * Bytes streamed before the measured stream, {@code -Dnodus.bench.warmupBytes} (run.sh passes the same to
     * bench.mjs). The default, 2 GiB, lets C2 compile the per-frame path (some thousand 64 KiB frames per
     * method, then a few CPU-seconds of compiling); a small value shows the figures before that.
     */
    static final long WARMUP_BYTES = Long.getLong("nodus.bench.warmupBytes", 2048L * 1024 * 1024);
    /** Untimed dials first, so the JIT has compiled the handshake path before the timed ones. */
    static final int WARMUP_DIALS = 10;
    static final int CHUNK = 256 * 1024;
    static final int CIPHER_CHUNK = 64 * 1024;
    static final Duration STEP_LIMIT = Duration.ofSeconds(30);

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("mode: cipher | local | serve | dial");
        }
        switch (args[0]) {
            case "cipher" -> cipher(Long.parseLong(args[1]));
            case "local" -> local(Long.parseLong(args[1]), Integer.parseInt(args[2]));
            case "serve" -> serve();
            case "dial" -> dial(Multiaddr.parse(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    private static void cipher(long bytes) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        byte[] in = new byte[CIPHER_CHUNK];
        byte[] out = new byte[CIPHER_CHUNK + 16];
        byte[] nonce = new byte[12];
        long counter = 0;
        for (int pass = 0; pass < 2; pass++) { // pass 0 warms the JIT up
            long total = pass == 0 ? Math.min(bytes, 256L * 1024 * 1024) : bytes;
            long t0 = System.nanoTime();
            for (long done = 0; done < total; done += CIPHER_CHUNK) {
                counter++;
                for (int i = 0; i < 8; i++) {
                    nonce[4 + i] = (byte) (counter >>> (8 * i));
                }
                c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
                c.doFinal(in, 0, in.length, out, 0);
            }
            long ns = System.nanoTime() - t0;
            if (pass == 1) {
                print("cipher", "{\"bytes\":%d,\"ms\":%.0f,\"MBps\":%.1f}", total, ns / 1e6, total / 1e6 / (ns / 1e9));
            }
        }
    }

    private static void local(long bytes, int dials) throws Exception {
        try (HostFixture fixture = new HostFixture()) {
            LibP2pHost server = serverHost(fixture);
            LibP2pHost client = fixture.start();
            measure("java->java", client, HostFixture.dialable(server), bytes, dials);
        }
    }

    private static void serve() throws Exception {
        try (HostFixture fixture = new HostFixture()) {
            LibP2pHost server = serverHost(fixture);
            System.out.println("READY " + HostFixture.dialable(server));
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // runs until the script closes our stdin
            }
        }
    }

    private static void dial(Multiaddr target, long bytes, int dials) throws Exception {
        try (HostFixture fixture = new HostFixture()) {
            measure("java->target", fixture.start(), target, bytes, dials);
        }
    }

    private static LibP2pHost serverHost(HostFixture fixture) throws IOException {
        LibP2pHost server = fixture.start(Map.of("maxConnections", 1000));
        server.addProtocolHandler(sinkHandler(), Map.of(ProtocolHandler.PROTOCOL, SINK));
        return server;
    }

    private static void measure(String mode, LibP2pHost client, Multiaddr target, long bytes, int dials)
            throws Exception {
        BlockingQueue<PeerId> identified = new LinkedBlockingQueue<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerConnection connection) {
                identified.add(connection.peer());
            }

            @Override
            public void disconnected(PeerId peer) {
                // not measured
            }
        });
        PeerId server = client.connect(target);
        sink(client, server, WARMUP_BYTES);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        sink(client, server, bytes);
        long ns = System.nanoTime() - t0;
        long cpuNs = processCpuNanos() - cpu0;
        hangUp(client, server);

        for (int i = 0; i < WARMUP_DIALS; i++) {
            timedDial(client, target, identified);
        }
        double[] setup = new double[dials];
        for (int i = 0; i < dials; i++) {
            setup[i] = timedDial(client, target, identified) / 1e6;
        }
        Arrays.sort(setup);
        print(mode, "{\"target\":\"%s\",\"bytes\":%d,\"ms\":%.0f,\"MBps\":%.1f,\"dials\":%d,\"p50ms\":%.2f,"
                + "\"p99ms\":%.2f,\"warmupDials\":%d,\"cpuNsPerByte\":%.3f}", target, bytes, ns / 1e6,
                bytes / 1e6 / (ns / 1e9), dials, percentile(setup, 50), percentile(setup, 99), WARMUP_DIALS,
                (double) cpuNs / bytes);
    }

    /** One fresh connection: nanoseconds from the start of the dial until the remote's identify arrived. */
    private static long timedDial(LibP2pHost client, Multiaddr target, BlockingQueue<PeerId> identified)
            throws Exception {
        identified.clear();
        long t0 = System.nanoTime();
        PeerId peer = client.connect(target);
        for (PeerId p = null; !peer.equals(p);) {
            p = identified.poll(STEP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (p == null) {
                throw new IOException("no identify from " + peer + " within " + STEP_LIMIT);
            }
        }
        long ns = System.nanoTime() - t0;
        hangUp(client, peer);
        return ns;
    }

    private static void hangUp(LibP2pHost client, PeerId peer) {
        client.disconnect(peer);
        HostFixture.await(() -> client.connections().stream().noneMatch(c -> c.peer().equals(peer)), STEP_LIMIT,
                "the connection to close");
    }

    private static void sink(LibP2pHost client, PeerId server, long bytes) throws IOException {
        try (P2PStream s = client.newStream(server, SINK)) {
            byte[] chunk = new byte[CHUNK];
            OutputStream out = s.output();
            for (long sent = 0; sent < bytes;) {
                int n = (int) Math.min(chunk.length, bytes - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
            s.closeWrite();
            long counted = new DataInputStream(s.input()).readLong();
            if (counted != bytes) {
                throw new IOException("the sink counted " + counted + " bytes of " + bytes);
            }
        }
    }

    /** {@value #SINK}: reads until the writer half-closes, then answers the count as 8 bytes big-endian. */
    static ProtocolHandler sinkHandler() {
        return stream -> {
            InputStream in = stream.input();
            byte[] buf = new byte[CHUNK];
            long total = 0;
            for (int n; (n = in.read(buf)) >= 0;) {
                total += n;
            }
            DataOutputStream out = new DataOutputStream(stream.output());
            out.writeLong(total);
            out.flush();
        };
    }

    /**
     * CPU time of this whole process: on a shared machine the wall-clock figure depends on the load, the CPU
     * spent per byte much less.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void print(String mode, String format, Object... values) {
        System.out.println("RESULT " + mode + " " + String.format(Locale.ROOT, format, values));
        System.out.flush();
    }
}
