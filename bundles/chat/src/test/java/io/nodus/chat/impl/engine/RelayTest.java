package io.nodus.chat.impl.engine;

import static io.nodus.chat.impl.engine.ChatTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.Conversation;

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
}
