package io.nodus.chat.impl.engine;

import static io.nodus.chat.impl.engine.ChatTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatReceipt;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.chat.impl.session.ChatSession;
import io.nodus.chat.impl.session.PayloadProtection;
import io.nodus.testkit.TestIdentity;

/** Two and three real libp2p hosts in this JVM, chatting. */
class ChatEngineTest {

    private final List<ChatTestNode> nodes = new ArrayList<>();

    private ChatTestNode node(Map<String, Object> config) throws Exception {
        ChatTestNode n = new ChatTestNode(config);
        nodes.add(n);
        return n;
    }

    private ChatTestNode node() throws Exception {
        return node(Map.of());
    }

    @AfterEach
    void stop() {
        nodes.forEach(ChatTestNode::close);
    }

    private static List<String> texts(List<ChatMessage> ms) {
        return ms.stream().map(ChatMessage::text).toList();
    }

    @Test
    void messagesArriveInOrderWithReceiptsAndTyping() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        ChatSessionInfo s = a.chat.open(b.peerId());
        assertEquals(PayloadProtection.DOUBLE_RATCHET, s.protection());
        await(() -> b.chat.sessions().size() == 1, "b to hold the session");
        assertEquals(s.sessionId(), b.chat.sessions().get(0).sessionId());

        Conversation toB = Conversation.peer(b.peerId());
        a.chat.typing(toB, true);
        await(() -> !b.typing.isEmpty(), "typing event at b");
        assertTrue(b.typing.get(0).typing());
        assertEquals(a.peerId(), b.typing.get(0).peer());

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("hello " + i);
            a.chat.send(toB, "hello " + i);
        }
        await(() -> b.received.size() == 20, "20 messages at b");
        assertEquals(sent, texts(b.received));
        assertEquals(sent, texts(b.chat.history(Conversation.peer(a.peerId()))));
        for (int i = 0; i < 20; i++) {
            assertEquals(i, b.received.get(i).sequence());
        }
        await(() -> a.receipts.stream().filter(r -> r.kind() == ChatReceipt.Kind.DELIVERED).count() == 20,
                "20 delivery receipts");
        await(() -> a.chat.history(toB).stream().allMatch(m -> m.status() == ChatMessage.Status.DELIVERED),
                "every message DELIVERED at a");

        assertEquals(sent, texts(b.chat.receive()));
        assertTrue(b.chat.receive().isEmpty(), "read messages are not received twice");
        await(() -> a.chat.history(toB).stream().allMatch(m -> m.status() == ChatMessage.Status.READ),
                "every message READ at a");

        b.chat.send(Conversation.peer(a.peerId()), "and back");
        await(() -> a.received.size() == 1, "the answer at a");
        assertEquals("and back", a.received.get(0).text());
    }

    @Test
    void tenThousandMessagesWithoutLossOrDuplicate() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        Conversation toB = Conversation.peer(b.peerId());
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            a.chat.send(toB, "m" + i);
        }
        await(() -> b.received.size() >= n, n + " messages at b");
        await(() -> a.chat.engine().queued() == 0, "a's outbox to drain (every message acknowledged)");
        assertEquals(n, b.received.size(), "no duplicate delivered");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ChatMessage m = b.received.get(i);
            assertEquals("m" + i, m.text());
            assertEquals(i, m.sequence());
            assertTrue(ids.add(m.id()));
        }
    }

    @Test
    void restartedPeerReceivesEverythingQueuedWithinTheTtl() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        a.chat.open(b.peerId());
        a.chat.send(Conversation.peer(b.peerId()), "before");
        await(() -> b.received.size() == 1, "first message");
        // acknowledged, so it is not sent again (a peer that restarts remembers nothing, a resend would show twice)
        await(() -> a.chat.engine().queued() == 0, "the receipt of the first message");
        TestIdentity bId = b.identity;
        b.close();
        nodes.remove(b);
        await(() -> a.host.connections().isEmpty(), "a to see b gone");

        Conversation toB = Conversation.peer(b.peerId());
        for (int i = 0; i < 5; i++) {
            assertTrue(a.chat.send(toB, "queued " + i).status().compareTo(ChatMessage.Status.DELIVERED) < 0);
        }

        ChatTestNode b2 = new ChatTestNode(bId, Map.of());
        nodes.add(b2);
        b2.connect(a);
        await(() -> b2.received.size() == 5, "the five queued messages at the restarted b");
        assertEquals(List.of("queued 0", "queued 1", "queued 2", "queued 3", "queued 4"), texts(b2.received));
        await(() -> a.chat.engine().queued() == 0, "a's outbox to drain");
    }

    @Test
    void messagesFromARestartedSenderAreDeliveredNotTakenForDuplicates() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        Conversation toB = Conversation.peer(b.peerId());
        for (int i = 0; i < 3; i++) {
            a.chat.send(toB, "before " + i);
        }
        await(() -> b.received.size() == 3, "three messages before the restart");
        await(() -> a.chat.engine().queued() == 0, "their receipts");
        TestIdentity aId = a.identity;
        a.close();
        nodes.remove(a);
        await(() -> b.host.connections().isEmpty(), "b to see a gone");

        // the restarted sender numbers its messages from 0 again, in a new incarnation
        ChatTestNode a2 = new ChatTestNode(aId, Map.of());
        nodes.add(a2);
        a2.connect(b);
        for (int i = 0; i < 3; i++) {
            a2.chat.send(toB, "after " + i);
        }
        await(() -> b.received.size() == 6, "the three messages sent after the restart");
        assertEquals(List.of("before 0", "before 1", "before 2", "after 0", "after 1", "after 2"),
                texts(b.received));
        await(() -> a2.chat.engine().queued() == 0, "receipts for the messages after the restart");
        assertEquals(6, b.chat.history(Conversation.peer(a2.peerId())).size(), "no duplicate in b's history");
    }

    @Test
    void afterTheTtlNothingRemains() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        a.chat.open(b.peerId());
        TestIdentity bId = b.identity;
        b.close();
        nodes.remove(b);
        Conversation toB = Conversation.peer(b.peerId());
        a.chat.send(toB, "short-lived", Duration.ofSeconds(1));
        assertEquals(1, a.chat.engine().stored());
        await(() -> a.chat.engine().queued() == 0 && a.chat.engine().stored() == 0, "expiry at a");
        assertTrue(a.chat.history(toB).isEmpty());

        ChatTestNode b2 = new ChatTestNode(bId, Map.of());
        nodes.add(b2);
        b2.connect(a);
        a.chat.send(toB, "marker");
        await(() -> !b2.received.isEmpty(), "the marker at b");
        assertEquals(List.of("marker"), texts(b2.received), "the expired message never arrives");
    }

    @Test
    void closeErasesTheSessionKeysOnBothSides() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.connect(b);
        a.chat.open(b.peerId());
        a.chat.send(Conversation.peer(b.peerId()), "x");
        await(() -> b.received.size() == 1, "message");
        List<ChatSession> aSessions = a.chat.engine().allSessions();
        await(() -> b.chat.engine().allSessions().size() == 1, "b's session");
        List<ChatSession> bSessions = b.chat.engine().allSessions();
        assertFalse(aSessions.get(0).protection().isErased());

        a.chat.close(b.peerId());

        assertTrue(a.chat.sessions().isEmpty());
        assertTrue(aSessions.get(0).protection().isErased(), "a's ratchet keys erased");
        await(() -> b.chat.sessions().isEmpty(), "b to close its side");
        assertTrue(bSessions.get(0).protection().isErased(), "b's ratchet keys erased");
        await(() -> b.sessionEvents.stream().anyMatch(e -> e.state() == ChatSessionInfo.State.CLOSED),
                "b's listeners to hear of the close");
        // a new conversation starts a new session
        assertFalse(a.chat.open(b.peerId()).sessionId().equals(aSessions.get(0).idHex()));
    }

    @Test
    void removedMemberGetsNothingSentAfterItsRemoval() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        ChatTestNode c = node();
        a.connect(b);
        a.connect(c);
        b.connect(c);
        var g = a.chat.createGroup("team", List.of(b.peerId(), c.peerId()));
        await(() -> b.chat.groups().size() == 1 && c.chat.groups().size() == 1, "group at b and c");
        Conversation group = g.conversation();
        a.chat.send(group, "before");
        await(() -> b.received.size() == 1 && c.received.size() == 1, "'before' at b and c");
        await(() -> a.chat.history(group).get(0).status() == ChatMessage.Status.DELIVERED, "delivered to all");

        a.chat.removeMember(g.id(), c.peerId());
        await(() -> b.chat.groups().get(0).epoch() == 2, "b to learn the removal");
        await(() -> c.chat.groups().isEmpty(), "c to learn it was removed");
        assertThrows(ChatException.class, () -> c.chat.send(group, "c still talking"));

        a.chat.send(group, "after from a");
        b.chat.send(group, "after from b");
        await(() -> b.received.size() == 2 && a.received.size() == 1, "post-removal messages at a and b");
        a.chat.send(Conversation.peer(c.peerId()), "marker a");
        b.chat.send(Conversation.peer(c.peerId()), "marker b");
        await(() -> c.received.size() == 3, "markers at c");
        assertEquals(Set.of("before", "marker a", "marker b"), new HashSet<>(texts(c.received)),
                "c got nothing sent to the group after its removal");
    }

    @Test
    void signedPlaintextWhenTheEncryptionModeIsNone() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.chat.setEncryption(new FixedModeEncryption("none"));
        b.chat.setEncryption(new FixedModeEncryption("none"));
        a.connect(b);
        assertEquals(PayloadProtection.SIGNED, a.chat.open(b.peerId()).protection());
        a.chat.send(Conversation.peer(b.peerId()), "signed hello");
        await(() -> b.received.size() == 1, "message");
        assertEquals("signed hello", b.received.get(0).text());
        b.chat.send(Conversation.peer(a.peerId()), "signed reply");
        await(() -> a.received.size() == 1, "reply");
    }

    @Test
    void aPeerThatEncryptsRefusesSignedPlaintext() throws Exception {
        ChatTestNode a = node();
        ChatTestNode b = node();
        a.chat.setEncryption(new FixedModeEncryption("none"));
        b.chat.setEncryption(new FixedModeEncryption("symmetric"));
        a.connect(b);
        ChatException e = assertThrows(ChatException.class, () -> a.chat.open(b.peerId()));
        assertEquals(ChatException.Reason.DOWNGRADE, e.reason());
        assertEquals(PayloadProtection.DOUBLE_RATCHET, b.chat.open(a.peerId()).protection(),
                "the other way round the ratchet is used");
    }
}
