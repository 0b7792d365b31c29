package io.nodus.transport.impl.yamux;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nodus.transport.impl.yamux.RawYamuxPeer.Frame;

/** A hand-written peer breaks the protocol; the right scope must close and nothing else. */
class YamuxViolationTest {

    private static final int DATA = YamuxFrameType.DATA.code();
    private static final int SYN = YamuxFrame.FLAG_SYN;

    private final BlockingQueue<YamuxStream> parked = new LinkedBlockingQueue<>();
    private volatile boolean echo;
    private YamuxLoopback server;

    @BeforeEach
    void listen() throws Exception {
        server = new YamuxLoopback(YamuxConfig.defaults(), stream -> {
            if (echo) {
                YamuxLoopback.echo(stream);
            } else {
                parked.add(stream);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void unknownFrameTypeEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(peer -> peer.send(0, 4, 0, 0, 0, null));
    }

    @Test
    void unsupportedVersionEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(peer -> peer.send(1, DATA, 0, 1, 0, null));
    }

    @Test
    void frameOverTheLimitEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(
                peer -> peer.send(0, DATA, 0, 1, YamuxConfig.DEFAULT_MAX_FRAME_PAYLOAD + 1, null));
    }

    @Test
    void streamIdWithTheWrongParityEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(peer -> peer.sendWindowUpdate(2, SYN, 0));
    }

    @Test
    void reusedStreamIdEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(peer -> {
            peer.sendWindowUpdate(1, YamuxFrame.FLAG_RST, 0);
            peer.sendWindowUpdate(1, SYN, 0);
        });
    }

    @Test
    void dataBeyondTheReceiveWindowEndsTheSession() throws Exception {
        assertProtocolErrorEndsOnlyThisSession(peer -> {
            YamuxStream stream = parked.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            byte[] frame = new byte[64 * 1024];
            for (int sent = 0; sent < YamuxConfig.INITIAL_WINDOW; sent += frame.length) {
                peer.sendData(1, 0, frame);
            }
            // the whole window is in use and nobody read: the session is still fine
            Await.until(() -> stream.bufferedBytes() == YamuxConfig.INITIAL_WINDOW, "window filled");
            assertTrue(stream.session().isOpen());
            peer.sendData(1, 0, new byte[1]);
        });
    }

    @Test
    void dataAfterFinResetsOnlyThatStream() throws Exception {
        try (RawYamuxPeer peer = new RawYamuxPeer(server.address())) {
            YamuxSession session = server.nextServerSession();
            peer.sendWindowUpdate(1, SYN, 0);
            peer.sendWindowUpdate(3, SYN, 0);
            Map<Integer, YamuxStream> streams = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                YamuxStream stream = parked.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                streams.put(stream.id(), stream);
            }
            YamuxStream finished = streams.get(1);
            YamuxStream other = streams.get(3);

            peer.sendWindowUpdate(1, YamuxFrame.FLAG_FIN, 0);
            Await.until(finished::isRemoteClosed, "FIN seen on stream 1");
            peer.sendData(1, 0, "late".getBytes(US_ASCII));
            peer.await(frame -> frame.isReset(1), "RST of stream 1");
            Await.until(finished::isReset, "stream 1 reset");
            assertEquals(YamuxStream.STREAM_RESET,
                    assertThrows(IOException.class, () -> finished.output().write(1)).getMessage());

            peer.sendData(3, 0, "still here".getBytes(US_ASCII));
            assertEquals("still here", new String(other.input().readNBytes(10), US_ASCII));
            other.output().write("reply".getBytes(US_ASCII));
            Frame reply = peer.await(frame -> frame.streamId() == 3 && frame.type() == DATA, "data on stream 3");
            assertArrayEquals("reply".getBytes(US_ASCII), reply.payload());
            assertTrue(session.isOpen());
            assertTrue(peer.seen().stream().noneMatch(frame -> frame.type() == YamuxFrameType.GO_AWAY.code()));
        }
    }

    @Test
    void dataOnAStreamThatIsOverIsAnsweredWithReset() throws Exception {
        echo = true;
        try (RawYamuxPeer peer = new RawYamuxPeer(server.address())) {
            YamuxSession session = server.nextServerSession();
            peer.sendWindowUpdate(1, SYN | YamuxFrame.FLAG_FIN, 0);
            peer.await(frame -> frame.streamId() == 1 && frame.has(YamuxFrame.FLAG_FIN), "FIN of stream 1");
            Await.until(() -> session.streamCount() == 0, "stream 1 over on the server");

            peer.sendData(1, 0, "too late".getBytes(US_ASCII));
            peer.await(frame -> frame.isReset(1), "RST of stream 1");
            peer.send(0, YamuxFrameType.PING.code(), SYN, 0, 77, null);
            peer.await(frame -> frame.type() == YamuxFrameType.PING.code() && frame.has(YamuxFrame.FLAG_ACK)
                    && frame.length() == 77, "ping answer");
            assertTrue(session.isOpen());
            assertTrue(peer.seen().stream().noneMatch(frame -> frame.type() == YamuxFrameType.GO_AWAY.code()));
        }
    }

    @Test
    void closingTheSessionSendsGoAwayFirst() throws Exception {
        try (RawYamuxPeer peer = new RawYamuxPeer(server.address())) {
            YamuxSession session = server.nextServerSession();
            session.close();
            List<Frame> frames = peer.readUntilClosed();
            assertTrue(frames.get(frames.size() - 1).isGoAway(YamuxFrame.GO_AWAY_NORMAL),
                    "GoAway(normal) last before the close, got " + frames);
        }
    }

    @Test
    void streamsBeyondTheAckBacklogAreRefused() throws Exception {
        ConcurrentLinkedQueue<Runnable> application = new ConcurrentLinkedQueue<>();
        int backlog = YamuxConfig.DEFAULT_MAX_ACK_BACKLOG;
        int opened = backlog + 44;
        try (YamuxLoopback held = new YamuxLoopback(YamuxConfig.defaults(), application::add, parked::add);
                RawYamuxPeer peer = new RawYamuxPeer(held.address())) {
            YamuxSession session = held.nextServerSession();
            for (int i = 0; i < opened; i++) {
                peer.sendWindowUpdate(2 * i + 1, SYN, 0);
            }
            Set<Integer> refused = new HashSet<>();
            while (refused.size() < opened - backlog) {
                refused.add(peer.await(frame -> frame.has(YamuxFrame.FLAG_RST), "RST").streamId());
            }
            assertEquals(oddIds(backlog, opened), refused);
            assertTrue(peer.seen().stream().noneMatch(frame -> frame.has(YamuxFrame.FLAG_ACK)),
                    "no stream may be acknowledged before the application takes it");
            assertEquals(backlog, session.streamCount());

            // the application catches up: every waiting stream is acknowledged, and there is room again
            runAll(application);
            Set<Integer> acked = new HashSet<>();
            while (acked.size() < backlog) {
                acked.add(peer.await(frame -> frame.has(YamuxFrame.FLAG_ACK), "ACK").streamId());
            }
            assertEquals(oddIds(0, backlog), acked);
            peer.sendWindowUpdate(2 * opened + 1, SYN, 0);
            Await.until(() -> !application.isEmpty(), "new stream handed to the application");
            runAll(application);
            assertEquals(2 * opened + 1, peer.await(frame -> frame.has(YamuxFrame.FLAG_ACK), "ACK").streamId());
            assertTrue(session.isOpen());
        }
    }

    @Test
    void streamsBeyondTheLimitAreRefused() throws Exception {
        echo = true;
        try (YamuxLoopback limited = new YamuxLoopback(YamuxConfig.defaults().withMaxStreams(4), YamuxLoopback::echo)) {
            YamuxSession client = limited.connect(YamuxConfig.defaults(), stream -> { });
            List<YamuxStream> accepted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                accepted.add(client.openStream(Await.DEADLINE));
            }
            YamuxStream fifth = client.openStream(Await.DEADLINE);
            Await.until(fifth::isReset, "fifth stream refused by the remote");
            assertEquals(YamuxStream.STREAM_RESET,
                    assertThrows(IOException.class, () -> fifth.output().write(1)).getMessage());
            for (YamuxStream stream : accepted) {
                stream.output().write("fine".getBytes(US_ASCII));
                stream.closeWrite();
                assertEquals("fine", new String(YamuxLoopback.readAll(stream), US_ASCII));
            }
            assertTrue(client.isOpen());
        }
        // our own limit: the third open fails locally, and succeeds once a stream is released
        YamuxSession client = server.connect(YamuxConfig.defaults().withMaxStreams(2), stream -> { });
        YamuxStream first = client.openStream(Await.DEADLINE);
        client.openStream(Await.DEADLINE);
        YamuxException limit = assertInstanceOf(YamuxException.class, Await.failure(client.openStream()));
        assertEquals(YamuxException.Scope.STREAM, limit.scope());
        assertTrue(limit.getMessage().contains("stream limit"), limit.getMessage());
        first.closeWrite();
        YamuxLoopback.readAll(first);
        Await.until(() -> client.streamCount() == 1, "first stream released");
        assertTrue(client.openStream(Await.DEADLINE).id() > 0);
    }

    @Test
    void keepAliveEndsASessionWhosePeerStopsAnswering() throws Exception {
        YamuxConfig keepAlive = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(50), Duration.ofMillis(200));
        try (YamuxLoopback pinging = new YamuxLoopback(keepAlive, parked::add);
                RawYamuxPeer peer = new RawYamuxPeer(pinging.address())) {
            YamuxSession session = pinging.nextServerSession();
            List<Frame> frames = peer.readUntilClosed(); // never answers a ping
            assertTrue(frames.stream().anyMatch(frame -> frame.isGoAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR)),
                    "GoAway(internal error) expected, got " + frames);
            assertTrue(frames.stream().filter(frame -> frame.type() == YamuxFrameType.PING.code()).count() >= 2,
                    "the RTT ping and at least one keep-alive ping");
            Await.until(() -> !session.isOpen(), "session closed");
        }
    }

    private interface Misbehaviour {
        void perform(RawYamuxPeer peer) throws Exception;
    }

    /** A raw peer opens stream 1, misbehaves; it must see GoAway(protocol error) and EOF; others carry on. */
    private void assertProtocolErrorEndsOnlyThisSession(Misbehaviour misbehaviour) throws Exception {
        YamuxSession healthy = server.connect(YamuxConfig.defaults(), stream -> { });
        YamuxSession healthyServerSide = server.nextServerSession();
        try (RawYamuxPeer peer = new RawYamuxPeer(server.address())) {
            YamuxSession session = server.nextServerSession();
            peer.sendWindowUpdate(1, SYN, 0);
            Await.until(() -> session.streamCount() == 1, "stream 1 open");
            misbehaviour.perform(peer);
            List<Frame> frames = peer.readUntilClosed();
            assertTrue(frames.stream().anyMatch(frame -> frame.isGoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR)),
                    "GoAway(protocol error) expected, got " + frames);
            Await.until(() -> !session.isOpen() && session.streamCount() == 0, "session closed");
        }
        // the other connection is untouched, and new ones work
        assertTrue(healthy.isOpen() && healthyServerSide.isOpen());
        echo = true;
        assertEchoes(healthy);
        assertEchoes(server.connect(YamuxConfig.defaults(), stream -> { }));
    }

    private static void assertEchoes(YamuxSession session) throws Exception {
        assertTrue(Await.result(session.ping()).toNanos() > 0);
        YamuxStream stream = session.openStream(Await.DEADLINE);
        byte[] data = YamuxFrameCodecTest.bytes(100_000, 5);
        stream.output().write(data);
        stream.closeWrite();
        assertArrayEquals(data, YamuxLoopback.readAll(stream));
    }

    private static Set<Integer> oddIds(int fromIndex, int toIndex) {
        Set<Integer> ids = new HashSet<>();
        for (int i = fromIndex; i < toIndex; i++) {
            ids.add(2 * i + 1);
        }
        return ids;
    }

    private static void runAll(ConcurrentLinkedQueue<Runnable> tasks) {
        for (Runnable task; (task = tasks.poll()) != null;) {
            task.run();
        }
    }
}
