package io.nodus.transport.impl.multistream;

import static io.nodus.transport.impl.multistream.MultistreamMessagesTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MultistreamStreamsTest {

    private static final String HEADER = MultistreamMessages.PROTOCOL_ID;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void dialerAndListenerAgreeAfterFallback() throws Exception {
        Duplex duplex = new Duplex();
        CompletableFuture<String> listener = async(() ->
                MultistreamStreams.respond(duplex.listenerIn, duplex.listenerOut, Set.of("/ipfs/ping/1.0.0", "/chat/1")));
        String dialed = MultistreamStreams.select(duplex.dialerIn, duplex.dialerOut, List.of("/chat/2", "/chat/1"));
        assertEquals("/chat/1", dialed);
        assertEquals("/chat/1", listener.get(10, TimeUnit.SECONDS));
        // The streams carry the protocol afterwards.
        duplex.dialerOut.write("hi".getBytes(StandardCharsets.UTF_8));
        duplex.dialerOut.flush();
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), duplex.listenerIn.readNBytes(2));
    }

    @Test
    void dialerFailsWhenNothingIsSupported() throws Exception {
        Duplex duplex = new Duplex();
        CompletableFuture<String> listener = async(() ->
                MultistreamStreams.respond(duplex.listenerIn, duplex.listenerOut, Set.of("/a")));
        MultistreamException e = assertThrows(MultistreamException.class,
                () -> MultistreamStreams.select(duplex.dialerIn, duplex.dialerOut, List.of("/b", "/c")));
        assertTrue(e.getMessage().contains("none of"), e.getMessage());
        duplex.dialerOut.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> listener.get(10, TimeUnit.SECONDS));
        assertInstanceOf(MultistreamException.class, failure.getCause());
    }

    @Test
    void listenerAcceptsLazyDialerAndLeavesTheRestInTheStream() throws IOException {
        byte[] app = "GET /data".getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(concat(MultistreamMessages.encode(HEADER, "/x/1"), app));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/x/1", MultistreamStreams.respond(in, out, Set.of("/x/1")));
        assertArrayEquals(MultistreamMessages.encode(HEADER, "/x/1"), out.toByteArray());
        assertArrayEquals(app, in.readAllBytes());
    }

    @Test
    void listenerAnswersNaThenLsThenEcho() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(MultistreamMessages.encode(HEADER, "/y", "ls", "/x/1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/x/1", MultistreamStreams.respond(in, out, Set.of("/x/1")));
        assertArrayEquals(concat(MultistreamMessages.encode(HEADER, "na"), MultistreamMessages.encodeList(List.of("/x/1")),
                MultistreamMessages.encode("/x/1")), out.toByteArray());
    }

    @Test
    void dialerSendsHeaderAndProposalTogether() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(MultistreamMessages.encode(HEADER, "/x/1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/x/1", MultistreamStreams.select(in, out, List.of("/x/1")));
        assertArrayEquals(MultistreamMessages.encode(HEADER, "/x/1"), out.toByteArray());
    }

    @Test
    void garbageTruncationAndWrongAnswersAreTypedFailures() {
        Set<String> supported = Set.of("/x/1");
        assertRespondFails(concat(new byte[] {0x02, 'x', '\n'}, MultistreamMessages.encode(HEADER, "/x/1")), supported, "expected");
        assertRespondFails(MultistreamMessages.encode(HEADER), supported, "ended");
        assertRespondFails(new byte[] {0x13, '/', 'm'}, supported, "ended");
        assertRespondFails(concat(MultistreamMessages.encode(HEADER), new byte[] {(byte) 0xff, 0x7f}), supported, "exceeds");
        MultistreamException e = assertThrows(MultistreamException.class, () -> MultistreamStreams.select(
                new ByteArrayInputStream(MultistreamMessages.encode(HEADER, "/other")), new ByteArrayOutputStream(),
                List.of("/x/1")));
        assertTrue(e.getMessage().contains("unexpected answer"), e.getMessage());
    }

    @Test
    void listenerStopsAfterTooManyProposals() {
        String[] messages = new String[MultistreamNegotiator.MAX_PROPOSALS + 2];
        messages[0] = HEADER;
        for (int i = 1; i < messages.length; i++) {
            messages[i] = "/p/" + i;
        }
        assertRespondFails(MultistreamMessages.encode(messages), Set.of("/x/1"), "more than");
    }

    private static void assertRespondFails(byte[] input, Set<String> supported, String reason) {
        MultistreamException e = assertThrows(MultistreamException.class, () -> MultistreamStreams.respond(
                new ByteArrayInputStream(input), new ByteArrayOutputStream(), supported));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private CompletableFuture<String> async(IoCall call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private interface IoCall {
        String run() throws IOException;
    }

    /** Two in-memory pipes: dialer to listener and back. */
    private static final class Duplex {
        final PipedInputStream listenerIn = new PipedInputStream(1 << 16);
        final PipedOutputStream dialerOut;
        final PipedInputStream dialerIn = new PipedInputStream(1 << 16);
        final PipedOutputStream listenerOut;

        Duplex() throws IOException {
            dialerOut = new PipedOutputStream(listenerIn);
            listenerOut = new PipedOutputStream(dialerIn);
        }
    }
}
