package io.nodus.transport.impl.yamux;

import static io.nodus.transport.impl.yamux.YamuxFrameCodecTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class YamuxFlowControlTest {

    /** Keep-alive off: its pings flush the connection and would hide a writer stalled on unflushed frames. */
    private static final YamuxConfig CONFIG = YamuxConfig.defaults().withKeepAlive(Duration.ZERO, Duration.ofSeconds(1));

    @Test
    void hundredConcurrentStreamsEchoByteExact() throws Exception {
        int streams = 100;
        int size = 256 * 1024;
        try (YamuxLoopback loopback = new YamuxLoopback(CONFIG, YamuxLoopback::echo)) {
            YamuxSession client = loopback.connect(CONFIG, stream -> { });
            YamuxSession server = loopback.nextServerSession();
            List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                YamuxStream stream = client.openStream(Await.DEADLINE);
                byte[] data = bytes(size, i);
                sent.add(data);
                CompletableFuture.runAsync(() -> writeInChunks(stream, data, 1000 + 997 * (stream.id() % 50)),
                        loopback.threads);
                echoes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return YamuxLoopback.readAll(stream);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, loopback.threads));
            }
            for (int i = 0; i < streams; i++) {
                byte[] echoed = Await.result(echoes.get(i));
                assertEquals(size, echoed.length, "stream " + i + " length");
                assertTrue(Arrays.equals(sent.get(i), echoed), "stream " + i + " differs at byte "
                        + Arrays.mismatch(sent.get(i), echoed));
            }
            Await.until(() -> client.streamCount() == 0 && server.streamCount() == 0, "all streams released");
        }
    }

    @Test
    void sixteenMiBThroughABlockedReaderStaysWithinTheWindow() throws Exception {
        int size = 16 * 1024 * 1024;
        BlockingQueue<YamuxStream> parked = new LinkedBlockingQueue<>();
        try (YamuxLoopback loopback = new YamuxLoopback(CONFIG, parked::add)) {
            YamuxSession client = loopback.connect(CONFIG, stream -> { });
            YamuxStream out = client.openStream(Await.DEADLINE);
            byte[] data = bytes(size, 16);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                writeInChunks(out, data, 1024 * 1024);
            }, loopback.threads);
            YamuxStream in = parked.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

            // nobody reads: the writer uses up exactly the initial window, then blocks
            Await.until(() -> out.sendWindow() == 0 && in.bufferedBytes() == YamuxConfig.INITIAL_WINDOW,
                    "writer used up the initial window");
            assertFalse(writer.isDone(), "the writer must block while the reader reads nothing");
            assertEquals(YamuxConfig.INITIAL_WINDOW, in.bufferedBytes());

            byte[] chunk = new byte[4096];
            int total = 0;
            int maxBuffered = 0;
            for (int n; (n = in.input().read(chunk)) >= 0;) {
                assertArrayEquals(Arrays.copyOfRange(data, total, total + n), Arrays.copyOf(chunk, n),
                        "bytes at offset " + total);
                total += n;
                int buffered = in.bufferedBytes();
                maxBuffered = Math.max(maxBuffered, buffered);
                assertTrue(buffered <= in.receiveWindow(), buffered + " buffered beyond the window granted");
            }
            assertEquals(size, total);
            Await.result(writer);
            assertTrue(in.receiveWindow() <= YamuxConfig.DEFAULT_MAX_RECEIVE_WINDOW);
            assertTrue(maxBuffered <= YamuxConfig.DEFAULT_MAX_RECEIVE_WINDOW);
        }
    }

    /** A writer must never wait on the write gate with its own frames unflushed (see YamuxWriteGateTest). */
    @Test
    void largeTransferOnOneStreamNeverStalls() throws Exception {
        assertTransfers(1, 256 * 1024 * 1024);
    }

    @Test
    void concurrentWritersThroughTheWriteGateNeverStall() throws Exception {
        assertTransfers(8, 16 * 1024 * 1024);
    }

    /** {@code writers} streams each write {@code size} bytes in 1 MiB writes; the remote counts them. */
    private static void assertTransfers(int writers, int size) throws Exception {
        try (YamuxLoopback loopback = new YamuxLoopback(CONFIG, YamuxFlowControlTest::drainAndReportLength)) {
            YamuxSession client = loopback.connect(CONFIG, stream -> { });
            byte[] data = bytes(1024 * 1024, 8);
            List<CompletableFuture<Void>> written = new ArrayList<>();
            List<CompletableFuture<Long>> counted = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                YamuxStream stream = client.openStream(Await.DEADLINE);
                written.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int sent = 0; sent < size; sent += data.length) {
                            stream.output().write(data);
                        }
                        stream.closeWrite();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, loopback.threads));
                counted.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return ByteBuffer.wrap(YamuxLoopback.readAll(stream)).getLong();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, loopback.threads));
            }
            for (int i = 0; i < writers; i++) {
                Await.result(written.get(i));
                assertEquals(size, Await.result(counted.get(i)));
            }
        }
    }

    /** Reads everything, then answers with the byte count (8 bytes). */
    private static void drainAndReportLength(YamuxStream stream) {
        try (stream) {
            byte[] buf = new byte[128 * 1024];
            long total = 0;
            for (int n; (n = stream.input().read(buf)) >= 0;) {
                total += n;
            }
            stream.output().write(ByteBuffer.allocate(8).putLong(total).array());
        } catch (IOException e) {
            stream.reset();
        }
    }

    static void writeInChunks(YamuxStream stream, byte[] data, int chunk) {
        try {
            for (int off = 0; off < data.length; off += chunk) {
                stream.output().write(data, off, Math.min(chunk, data.length - off));
            }
            stream.closeWrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
