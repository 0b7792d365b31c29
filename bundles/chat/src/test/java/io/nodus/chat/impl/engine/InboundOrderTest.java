package io.nodus.chat.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.Conversation;
import io.nodus.api.identity.PeerId;
import io.nodus.testkit.TestIdentity;

/** Ordering and duplicate detection per (conversation, sender, epoch). */
class InboundOrderTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final long FIRST = 0x1111L;
    private static final long SECOND = 0x2222L;

    private final PeerId sender = new TestIdentity().peerId();
    private final InboundOrder order = new InboundOrder();

    private ChatMessage message(String id, long seq) {
        return new ChatMessage(id, Conversation.peer(sender), sender, false, "text " + id, seq, NOW,
                NOW.plusSeconds(60), ChatMessage.Status.RECEIVED);
    }

    private static List<String> ids(InboundOrder.Result r) {
        return r.ready().stream().map(ChatMessage::id).toList();
    }

    @Test
    void inOrderWithinAnEpochEarlyOnesHeldDuplicatesDropped() {
        assertEquals(List.of("a0"), ids(order.accept(message("a0", 0), FIRST, 0)));
        InboundOrder.Result early = order.accept(message("a2", 2), FIRST, 1);
        assertEquals(InboundOrder.Outcome.HELD, early.outcome());
        InboundOrder.Result gap = order.accept(message("a1", 1), FIRST, 1);
        assertEquals(InboundOrder.Outcome.DELIVERED, gap.outcome());
        assertEquals(List.of("a1", "a2"), ids(gap));
        assertEquals(InboundOrder.Outcome.DUPLICATE, order.accept(message("a1", 1), FIRST, 1).outcome());
        assertEquals(0, order.held());
    }

    @Test
    void aRestartedSenderNumberingFromZeroInANewEpochIsDelivered() {
        for (int i = 0; i < 5; i++) {
            assertEquals(InboundOrder.Outcome.DELIVERED, order.accept(message("old" + i, i), FIRST, i).outcome());
        }
        for (int i = 0; i < 3; i++) {
            InboundOrder.Result r = order.accept(message("new" + i, i), SECOND, 0);
            assertEquals(InboundOrder.Outcome.DELIVERED, r.outcome(), "message " + i + " after the restart");
            assertEquals(List.of("new" + i), ids(r));
        }
    }

    @Test
    void aNewEpochReleasesWhatTheEndedIncarnationLeftHeld() {
        order.accept(message("old0", 0), FIRST, 0);
        assertEquals(InboundOrder.Outcome.HELD, order.accept(message("old2", 2), FIRST, 1).outcome());
        InboundOrder.Result r = order.accept(message("new0", 0), SECOND, 0);
        assertEquals(List.of("old2", "new0"), ids(r));
        assertEquals(0, order.held());
    }

    @Test
    void aReplayedMessageOfAnOldEpochIsNotDeliveredTwice() {
        ChatMessage old = message("old0", 0);
        order.accept(old, FIRST, 0);
        order.accept(message("new0", 0), SECOND, 0);
        assertEquals(InboundOrder.Outcome.DUPLICATE, order.accept(old, FIRST, 0).outcome());
        // even once its epoch's line is forgotten, the id is remembered until the message's TTL
        for (long e = 3; e < 3 + InboundOrder.MAX_EPOCHS; e++) {
            order.accept(message("later" + e, 0), e, 0);
        }
        InboundOrder.Result replay = order.accept(old, FIRST, 0);
        assertEquals(InboundOrder.Outcome.DUPLICATE, replay.outcome());
        assertEquals(List.of(), replay.ready());
    }

    @Test
    void rememberedIdsAreForgottenAtTheirTtl() {
        ChatMessage m = message("m0", 0);
        order.accept(m, FIRST, 0);
        order.purge(m.expiresAt());
        order.forget(sender);
        assertEquals(InboundOrder.Outcome.DELIVERED, order.accept(m, FIRST, 0).outcome(),
                "after its TTL and a closed session, the id is no longer held");
    }

    @Test
    void theHoldingBufferIsBounded() {
        order.accept(message("m0", 0), FIRST, 0);
        for (int i = 0; i < InboundOrder.MAX_HELD; i++) {
            assertEquals(InboundOrder.Outcome.HELD, order.accept(message("h" + i, i + 2), FIRST, 1).outcome());
        }
        assertEquals(InboundOrder.Outcome.OVERFLOW,
                order.accept(message("over", InboundOrder.MAX_HELD + 2), FIRST, 1).outcome());
        assertEquals(InboundOrder.MAX_HELD, order.held());
    }
}
