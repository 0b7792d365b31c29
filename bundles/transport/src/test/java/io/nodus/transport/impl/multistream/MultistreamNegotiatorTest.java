package io.nodus.transport.impl.multistream;

import static io.nodus.transport.impl.multistream.MultistreamMessagesTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {

    private static final String HEADER = MultistreamMessages.PROTOCOL_ID;

    @Test
    void agreesOnFirstProposalAndRemovesItself() {
        ChannelRecorder dialer = new ChannelRecorder();
        ChannelRecorder listener = new ChannelRecorder();
        EmbeddedPair pair = new EmbeddedPair(
                new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/noise")), dialer),
                new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise", "/tls/1.0.0")), listener));
        pair.exchange();
        assertEquals(new ProtocolNegotiated("/noise"), dialer.event(ProtocolNegotiated.class));
        assertEquals(new ProtocolNegotiated("/noise"), listener.event(ProtocolNegotiated.class));
        assertNull(pair.a.pipeline().get(MultistreamNegotiator.class));
        assertNull(pair.b.pipeline().get(MultistreamNegotiator.class));
        assertTrue(dialer.exceptions.isEmpty() && listener.exceptions.isEmpty());
        assertTrue(pair.a.isOpen() && pair.b.isOpen());
    }

    @Test
    void initiatorPipelinesHeaderAndFirstProposal() {
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/noise", "/tls/1.0.0")));
        assertArrayEquals(MultistreamMessages.encode(HEADER, "/noise"), EmbeddedPair.drain(ch));
    }

    @Test
    void responderAnswersAsTheSpecTranscript() {
        // README "Implementation Recommendations": > header + /ipfs/kad/1.0.0, < header + na, > /ipfs/kad/0.2.3, < echo
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/ipfs/kad/0.2.3")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode(HEADER, "/ipfs/kad/1.0.0")));
        assertArrayEquals(MultistreamMessages.encode(HEADER, "na"), EmbeddedPair.drain(ch));
        assertNull(recorder.event(ProtocolNegotiated.class));
        ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode("/ipfs/kad/0.2.3")));
        assertArrayEquals(MultistreamMessages.encode("/ipfs/kad/0.2.3"), EmbeddedPair.drain(ch));
        assertEquals("/ipfs/kad/0.2.3", recorder.event(ProtocolNegotiated.class).protocol());
    }

    @Test
    void initiatorFallsBackOnNa() {
        ChannelRecorder dialer = new ChannelRecorder();
        ChannelRecorder listener = new ChannelRecorder();
        EmbeddedPair pair = new EmbeddedPair(
                new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/tls/1.0.0", "/secio/1.0.0", "/noise")), dialer),
                new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), listener));
        pair.exchange();
        assertEquals("/noise", dialer.event(ProtocolNegotiated.class).protocol());
        assertEquals("/noise", listener.event(ProtocolNegotiated.class).protocol());
    }

    @Test
    void bytesAfterAgreementReachTheNextHandlerAfterTheEvent() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), recorder);
        byte[] app = "first bytes of the protocol".getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(MultistreamMessages.encode(HEADER, "/noise"), app)));
        assertEquals("/noise", recorder.event(ProtocolNegotiated.class).protocol());
        assertArrayEquals(app, recorder.received());
        ch.writeInbound(Unpooled.wrappedBuffer(app));
        assertArrayEquals(concat(app, app), recorder.received());
    }

    @Test
    void initiatorPassesOnBytesPipelinedAfterTheEcho() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/yamux/1.0.0")), recorder);
        EmbeddedPair.drain(ch);
        byte[] app = {0, 1, 0, 2, 0, 0, 0, 0};
        ch.writeInbound(Unpooled.wrappedBuffer(concat(MultistreamMessages.encode(HEADER, "/yamux/1.0.0"), app)));
        assertEquals("/yamux/1.0.0", recorder.event(ProtocolNegotiated.class).protocol());
        assertArrayEquals(app, recorder.received());
    }

    @Test
    void noCommonProtocolFailsTheInitiator() {
        ChannelRecorder dialer = new ChannelRecorder();
        EmbeddedPair pair = new EmbeddedPair(
                new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/tls/1.0.0", "/secio/1.0.0")), dialer),
                new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), new ChannelRecorder()));
        pair.exchange();
        assertFailed(pair.a, dialer, "none of");
    }

    @Test
    void garbageBeforeHeaderFailsTheResponder() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(new byte[] {0x04, 'a', 'b', 'c', '\n'},
                MultistreamMessages.encode(HEADER, "/noise"))));
        assertFailed(ch, recorder, "expected /multistream/1.0.0");
        assertNull(recorder.event(ProtocolNegotiated.class));
    }

    @Test
    void httpRequestInsteadOfHeaderFails() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(
                ("GET / HTTP/1.1\r\nHost: example\r\nUser-Agent: test-agent-with-a-long-name/1.0 (x11; linux)\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        assertFailed(ch, recorder, "");
    }

    @Test
    void tooLongLineFails() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(MultistreamMessages.encode(HEADER), new byte[] {(byte) 0xd1, 0x0f})));
        assertFailed(ch, recorder, "exceeds 1024");
    }

    @Test
    void truncatedMessageAtCloseFails() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/noise")), recorder);
        byte[] answer = MultistreamMessages.encode(HEADER, "/noise");
        ch.writeInbound(Unpooled.wrappedBuffer(answer, 0, answer.length - 3));
        assertTrue(recorder.exceptions.isEmpty());
        ch.close();
        MultistreamException e = assertInstanceOf(MultistreamException.class, recorder.exceptions.get(0));
        assertTrue(e.getMessage().contains("closed during negotiation inside a message"), e.getMessage());
        assertNull(recorder.event(ProtocolNegotiated.class));
    }

    @Test
    void unexpectedAnswerFailsTheInitiator() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.initiator(List.of("/noise")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode(HEADER, "/tls/1.0.0")));
        assertFailed(ch, recorder, "unexpected answer '/tls/1.0.0'");
    }

    @Test
    void responderAnswersLsWithItsList() {
        Set<String> supported = new LinkedHashSet<>(List.of("/noise", "/tls/1.0.0"));
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(supported), new ChannelRecorder());
        EmbeddedPair.drain(ch);
        ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode(HEADER, "ls")));
        assertArrayEquals(MultistreamMessages.encodeList(supported), EmbeddedPair.drain(ch));
        assertTrue(ch.isOpen());
    }

    @Test
    void responderGivesUpAfterTooManyProposals() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(MultistreamNegotiator.responder(Set.of("/noise")), recorder);
        ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode(HEADER)));
        for (int i = 0; i <= MultistreamNegotiator.MAX_PROPOSALS && ch.isOpen(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(MultistreamMessages.encode("/p/" + i)));
        }
        assertFailed(ch, recorder, "more than " + MultistreamNegotiator.MAX_PROPOSALS);
    }

    @Test
    void silentPeerTimesOut() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(
                MultistreamNegotiator.initiator(List.of("/noise"), Duration.ofSeconds(5)), recorder);
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFailed(ch, recorder, "timed out");
    }

    @Test
    void negotiatorAddedToActiveChannelStartsAtOnce() {
        ChannelRecorder recorder = new ChannelRecorder();
        EmbeddedChannel ch = new EmbeddedChannel(recorder);
        ch.pipeline().addFirst(MultistreamNegotiator.responder(Set.of("/yamux/1.0.0")));
        assertArrayEquals(MultistreamMessages.encode(HEADER), EmbeddedPair.drain(ch));
    }

    private static void assertFailed(EmbeddedChannel ch, ChannelRecorder recorder, String reason) {
        assertFalse(ch.isOpen(), "channel must be closed");
        assertEquals(1, recorder.exceptions.size(), recorder.exceptions.toString());
        MultistreamException e = assertInstanceOf(MultistreamException.class, recorder.exceptions.get(0));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
