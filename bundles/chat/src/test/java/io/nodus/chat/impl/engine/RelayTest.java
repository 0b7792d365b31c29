package io.nodus.chat.impl.engine;

import static io.nodus.chat.impl.engine.ChatTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.Conversation;
import io.nodus.chat.impl.session.PayloadProtection;

/** Store-and-forward through a relay both sides trust, while the recipient's network is down. */
class RelayTest {

    private ChatTestNode relay;
    private ChatTestNode a;
    private ChatTestNode b;

    @AfterEach
    void stop() {
        for (ChatTestNode n : new ChatTestNode[] {a, b, relay}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void sealedMessagesWaitAtTheRelayAndReachThePeerWhenItComesBack() throws Exception {
        relay = new ChatTestNode();
        Map<String, Object> useRelay = Map.of("relays", new String[] {relay.peerId().toString()},
                "relayServe", false);
        a = new ChatTestNode(useRelay);
        b = new ChatTestNode(useRelay);
        a.connect(relay);
        b.connect(relay);
        a.connect(b);
        Conversation toB = Conversation.peer(b.peerId());
        a.chat.send(toB, "direct");
        await(() -> b.received.size() == 1, "the direct message");

        b.stopHost();
        await(() -> a.host.connections().stream().noneMatch(c -> c.peer().equals(b.peerId())), "a to lose b");
        for (int i = 0; i < 3; i++) {
            a.chat.send(toB, "relayed " + i);
        }
        await(() -> relay.chat.engine().relayed() == 3, "three sealed messages at the relay");

        b.replaceHost();
        b.host.connect(relay.dialable());
        await(() -> b.received.size() == 4, "the relayed messages at b");
        assertEquals(List.of("direct", "relayed 0", "relayed 1", "relayed 2"),
                b.received.stream().map(ChatMessage::text).toList());
        await(() -> relay.chat.engine().relayed() == 0, "the relay to forget them");
        b.host.connect(a.dialable());
        await(() -> a.chat.engine().queued() == 0, "b's receipts to clear a's outbox");
    }

    @ParameterizedTest(name = "encryption mode {0}")
    @ValueSource(strings = {"symmetric", "none"})
    void firstContactWithAnOfflinePeerThroughItsPublishedBundle(String mode) throws Exception {
        relay = new ChatTestNode();
        Map<String, Object> useRelay = Map.of("relays", new String[] {relay.peerId().toString()},
                "relayServe", false);
        a = new ChatTestNode(useRelay);
        b = new ChatTestNode(useRelay);
        a.chat.setEncryption(new FixedModeEncryption(mode));
        b.chat.setEncryption(new FixedModeEncryption(mode));
        b.connect(relay);
        await(() -> relay.chat.engine().publishedBundles() == 1, "b's bundle at the relay");
        b.stopHost();
        a.connect(relay);

        // a never talked to b and cannot reach it
        Conversation toB = Conversation.peer(b.peerId());
        for (int i = 0; i < 3; i++) {
            a.chat.send(toB, "first contact " + i);
        }
        await(() -> relay.chat.engine().relayed() == 4, "the session start and three sealed messages at the relay");
        assertTrue(b.received.isEmpty());

        b.replaceHost();
        b.host.connect(relay.dialable());
        await(() -> b.received.size() == 3, "the three messages at b");
        assertEquals(List.of("first contact 0", "first contact 1", "first contact 2"),
                b.received.stream().map(ChatMessage::text).toList());
        assertEquals(1, b.chat.sessions().size());
        assertEquals(mode.equals("none") ? PayloadProtection.SIGNED : PayloadProtection.DOUBLE_RATCHET,
                b.chat.sessions().get(0).protection());
        // b cannot reach a directly either: its receipts go through the relay, which forwards them to a
        b.chat.receive();
        await(() -> a.chat.history(toB).stream().allMatch(m -> m.status() == ChatMessage.Status.READ),
                "read receipts at a");
        await(() -> a.chat.engine().queued() == 0, "a's outbox to drain");
    }

    @Test
    void withoutAPublishedBundleNothingIsSentAndTheMessageWaits() throws Exception {
        relay = new ChatTestNode();
        Map<String, Object> useRelay = Map.of("relays", new String[] {relay.peerId().toString()});
        a = new ChatTestNode(useRelay);
        b = new ChatTestNode(useRelay);
        a.connect(relay);
        b.stopHost();
        ChatMessage m = a.chat.send(Conversation.peer(b.peerId()), "waits");
        assertEquals(ChatMessage.Status.QUEUED, m.status());
        assertEquals(0, relay.chat.engine().relayed(), "no bundle, no session, nothing at the relay");
        assertEquals(1, a.chat.engine().queued());
    }
}
