package io.nodus.transport.impl.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class YamuxWriteGateTest {

    private final YamuxWriteGate gate = new YamuxWriteGate();
    private EmbeddedChannel channel;

    @BeforeEach
    void fillTheOutboundBuffer() {
        channel = new EmbeddedChannel();
        gate.attach(channel);
        assertEquals(YamuxWriteGate.WRITE_BUFFER_HIGH, channel.config().getWriteBufferHighWaterMark());
        channel.write(Unpooled.buffer(2 * YamuxWriteGate.WRITE_BUFFER_HIGH).writerIndex(2 * YamuxWriteGate.WRITE_BUFFER_HIGH));
        assertFalse(channel.isWritable());
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aWriterFlushesBeforeItWaits() throws Exception {
        CountDownLatch flushed = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                gate.await(() -> false, flushed::countDown);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        // only flushed bytes drain: a writer that waited without flushing its own frames would wait for ever
        assertTrue(flushed.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS), "no flush before waiting");
        assertFalse(writer.isDone());
        channel.flush();
        assertTrue(channel.isWritable());
        gate.wake();
        Await.result(writer);
    }

    @Test
    void aWaitingWriterFailsWhenItsStreamIsReset() throws Exception {
        AtomicBoolean reset = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                gate.await(reset::get, waiting::countDown);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        reset.set(true);
        gate.wake();
        IllegalStateException failure = assertInstanceOf(IllegalStateException.class, Await.failure(writer));
        assertEquals(YamuxStream.STREAM_RESET, failure.getCause().getMessage());
    }

    @Test
    void aWaitingWriterFailsWhenTheSessionCloses() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                gate.await(() -> false, waiting::countDown);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        gate.close();
        IllegalStateException failure = assertInstanceOf(IllegalStateException.class, Await.failure(writer));
        assertEquals(YamuxStream.STREAM_RESET, failure.getCause().getMessage());
    }
}
