package io.nodus.transport.impl.yamux;

import static io.nodus.transport.impl.yamux.YamuxLoopback.readAll;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {

    private final BlockingQueue<YamuxStream> clientInbound = new LinkedBlockingQueue<>();
    private YamuxLoopback loopback;
    private YamuxSession client;
    private YamuxSession server;

    private void start(Consumer<YamuxStream> serverStreams) throws Exception {
        loopback = new YamuxLoopback(YamuxConfig.defaults(), serverStreams);
        client = loopback.connect(YamuxConfig.defaults(), clientInbound::add);
        server = loopback.nextServerSession();
    }

    @AfterEach
    void stop() throws Exception {
        if (loopback != null) {
            loopback.close();
        }
    }

    @Test
    void openWriteEchoAndClose() throws Exception {
        start(YamuxLoopback::echo);
        YamuxStream stream = client.openStream(Await.DEADLINE);
        stream.output().write("hello yamux".getBytes(US_ASCII));
        stream.closeWrite();
        assertEquals("hello yamux", new String(readAll(stream), US_ASCII));
        assertEquals(-1, stream.input().read());
        assertTrue(stream.isClosed());
        assertFalse(stream.isReset());
        Await.until(() -> client.streamCount() == 0 && server.streamCount() == 0, "stream released on both sides");
    }

    @Test
    void initiatorOpensOddIdsAndResponderEvenIds() throws Exception {
        start(YamuxLoopback::echo);
        assertEquals(1, client.openStream(Await.DEADLINE).id());
        assertEquals(3, client.openStream(Await.DEADLINE).id());
        YamuxStream fromServer = server.openStream(Await.DEADLINE);
        assertEquals(2, fromServer.id());
        fromServer.output().write("hi".getBytes(US_ASCII));
        YamuxStream accepted = clientInbound.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(2, accepted.id());
        assertFalse(accepted.isOutbound());
        assertEquals("hi", new String(accepted.input().readNBytes(2), US_ASCII));
    }

    @Test
    void inboundStreamsAreHandedOverOffTheEventLoop() throws Exception {
        CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
        start(stream -> onEventLoop.complete(stream.session().channel().eventLoop().inEventLoop()));
        client.openStream(Await.DEADLINE);
        assertFalse(Await.result(onEventLoop));
    }

    @Test
    void halfCloseLetsTheOtherSideFinishWriting() throws Exception {
        CompletableFuture<String> request = new CompletableFuture<>();
        start(stream -> {
            try {
                byte[] got = readAll(stream); // returns at the client's FIN, our side still open
                request.complete(new String(got, US_ASCII));
                stream.output().write(("got " + got.length).getBytes(US_ASCII));
                stream.closeWrite();
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        YamuxStream stream = client.openStream(Await.DEADLINE);
        stream.output().write("request".getBytes(US_ASCII));
        stream.closeWrite();
        assertEquals("request", Await.result(request));
        IOException afterFin = assertThrows(IOException.class, () -> stream.output().write(1));
        assertTrue(afterFin.getMessage().contains("closed for writing"), afterFin.getMessage());
        assertEquals("got 7", new String(readAll(stream), US_ASCII));
        Await.until(() -> client.streamCount() == 0 && server.streamCount() == 0, "stream released on both sides");
    }

    @Test
    void resetAbortsBothDirectionsOnBothSides() throws Exception {
        CompletableFuture<Void> firstBytes = new CompletableFuture<>();
        CompletableFuture<IOException> readFailure = new CompletableFuture<>();
        CompletableFuture<IOException> writeFailure = new CompletableFuture<>();
        start(stream -> {
            try {
                stream.input().readNBytes(3);
                firstBytes.complete(null);
                stream.input().read(); // blocks until the reset
                readFailure.completeExceptionally(new AssertionError("read returned after a reset"));
            } catch (IOException e) {
                readFailure.complete(e);
            }
            try {
                stream.output().write(new byte[10]);
                writeFailure.completeExceptionally(new AssertionError("write succeeded after a reset"));
            } catch (IOException e) {
                writeFailure.complete(e);
            }
        });
        YamuxStream stream = client.openStream(Await.DEADLINE);
        stream.output().write("abc".getBytes(US_ASCII));
        Await.result(firstBytes);
        stream.reset();
        assertEquals(YamuxStream.STREAM_RESET, Await.result(readFailure).getMessage());
        assertEquals(YamuxStream.STREAM_RESET, Await.result(writeFailure).getMessage());
        assertEquals(YamuxStream.STREAM_RESET, assertThrows(IOException.class, () -> stream.input().read()).getMessage());
        assertEquals(YamuxStream.STREAM_RESET, assertThrows(IOException.class, () -> stream.output().write(1)).getMessage());
        Await.until(() -> client.streamCount() == 0 && server.streamCount() == 0, "stream released on both sides");
    }

    @Test
    void remoteResetWakesABlockedReader() throws Exception {
        start(YamuxStream::reset);
        YamuxStream stream = client.openStream(Await.DEADLINE);
        IOException e = assertThrows(IOException.class, () -> stream.input().read());
        assertEquals(YamuxStream.STREAM_RESET, e.getMessage());
        assertTrue(stream.isReset());
    }

    @Test
    void pingMeasuresTheRoundTripBothWays() throws Exception {
        start(YamuxLoopback::echo);
        Duration fromClient = Await.result(client.ping());
        Duration fromServer = Await.result(server.ping());
        assertTrue(fromClient.toNanos() > 0 && fromServer.toNanos() > 0);
        assertTrue(client.rtt().isPresent());
    }

    @Test
    void goAwayStopsNewStreamsButNotOpenOnes() throws Exception {
        start(YamuxLoopback::echo);
        YamuxStream stream = client.openStream(Await.DEADLINE);
        stream.output().write("before ".getBytes(US_ASCII));
        // the echo proves the server took the stream: a SYN arriving after its GoAway would be refused (reset)
        assertEquals("before ", new String(stream.input().readNBytes(7), US_ASCII));
        server.goAway();
        assertEquals(YamuxFrame.GO_AWAY_NORMAL, Await.result(client.remoteGoAway()));
        assertFalse(client.acceptsNewStreams());
        YamuxException refused = assertInstanceOf(YamuxException.class, Await.failure(client.openStream()));
        assertEquals(YamuxException.Scope.STREAM, refused.scope());
        assertInstanceOf(YamuxException.class, Await.failure(server.openStream()));

        stream.output().write("after".getBytes(US_ASCII));
        stream.closeWrite();
        assertEquals("after", new String(readAll(stream), US_ASCII));
        assertTrue(client.isOpen() && server.isOpen());
    }

    @Test
    void closingTheSessionResetsEveryStream() throws Exception {
        BlockingQueue<IOException> serverFailures = new LinkedBlockingQueue<>();
        AtomicInteger reading = new AtomicInteger();
        start(stream -> {
            reading.incrementAndGet();
            try {
                readAll(stream);
            } catch (IOException e) {
                serverFailures.add(e);
            }
        });
        List<YamuxStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            YamuxStream stream = client.openStream(Await.DEADLINE);
            stream.output().write(i);
            streams.add(stream);
        }
        Await.until(() -> reading.get() == 3, "three streams read on the server");
        client.close();
        for (int i = 0; i < 3; i++) {
            IOException e = serverFailures.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(YamuxStream.STREAM_RESET, e == null ? "no failure" : e.getMessage());
        }
        for (YamuxStream stream : streams) {
            Await.until(stream::isReset, "client stream reset when its session closed");
            assertThrows(IOException.class, () -> stream.output().write(1));
        }
        Await.until(() -> !client.isOpen() && !server.isOpen() && client.streamCount() == 0,
                "both sessions closed, no stream left");
    }

    @Test
    void dataTheRemoteFinishedBeforeTheConnectionClosedStaysReadable() throws Exception {
        start(stream -> {
            try {
                stream.output().write("last words".getBytes(US_ASCII));
                stream.closeWrite();
                stream.session().close();
            } catch (IOException e) {
                stream.reset();
            }
        });
        YamuxStream stream = client.openStream(Await.DEADLINE);
        Await.until(() -> !client.isOpen(), "connection closed by the server");
        assertEquals("last words", new String(readAll(stream), US_ASCII));
        Await.until(stream::isClosed, "stream closed with its session");
        assertFalse(stream.isReset());
        assertEquals(YamuxStream.STREAM_RESET, assertThrows(IOException.class, () -> stream.output().write(1)).getMessage());
    }

    @Test
    void unreadDataOfAFinishedStreamStaysReadableAfterTheSessionLetsGo() throws Exception {
        CompletableFuture<YamuxStream> answered = new CompletableFuture<>();
        start(stream -> {
            try {
                stream.output().write("bye".getBytes(US_ASCII));
                stream.closeWrite(); // without reading what the client sent
                answered.complete(stream);
            } catch (IOException e) {
                answered.completeExceptionally(e);
            }
        });
        YamuxStream stream = client.openStream(Await.DEADLINE);
        stream.output().write("unread data".getBytes(US_ASCII));
        stream.closeWrite();
        assertEquals("bye", new String(readAll(stream), US_ASCII));
        YamuxStream serverSide = Await.result(answered);
        Await.until(() -> server.streamCount() == 0, "stream over on the server");
        assertEquals("unread data", new String(readAll(serverSide), US_ASCII));
    }
}
