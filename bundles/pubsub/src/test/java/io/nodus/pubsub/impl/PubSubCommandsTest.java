package io.nodus.pubsub.impl;

import static io.nodus.pubsub.PubSubFixture.await;
import static io.nodus.pubsub.PubSubFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.PubSubFixture.Node;
import io.nodus.pubsub.impl.network.PubSubSettings;

/** The pubsub:* shell commands against two real nodes. */
class PubSubCommandsTest {

    @TempDir
    Path dir;

    private PubSubFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void subscribePublishMessagesTopicsPeersUnsubscribe() throws Exception {
        fixture = new PubSubFixture(dir);
        List<Node> n = fixture.start(2, PubSubSettings.DEFAULTS);
        List<PubSubMessage> atA = new CopyOnWriteArrayList<>();
        n.get(0).pubsub().subscribe("chat", atA::add);
        connect(n.get(0), n.get(1));
        PubSubCommands shell = new PubSubCommands(n.get(1).pubsub());

        assertEquals("no topics", shell.topics());
        assertTrue(shell.subscribe("chat").startsWith("subscribed to chat"));
        assertEquals("already subscribed to chat", shell.subscribe("chat"));
        assertEquals("no messages on chat yet", shell.messages("chat"));
        await(() -> n.get(0).pubsub().peers("chat").contains(n.get(1).id()), "the shell's subscription at a");

        n.get(0).pubsub().publish("chat", "hello shell".getBytes(StandardCharsets.UTF_8));
        n.get(0).pubsub().publish("chat", new byte[] {0, 1, 2});
        await(() -> shell.messages("chat").contains("hex:000102"), "both messages in the shell's buffer");
        String messages = shell.messages("chat");
        assertTrue(messages.contains(n.get(0).id() + "  #") && messages.contains("  hello shell"), messages);
        assertEquals("chat  peers=1  shell received=2", shell.topics());
        assertEquals(n.get(0).id().toString(), shell.peers());
        assertEquals("  " + n.get(0).id(), shell.peers("chat"));
        assertEquals("no peers in other", shell.peers("other"));

        assertEquals("published 10 bytes to chat (1 peers in the topic)", shell.publish("chat", "from", "shell"));
        await(() -> atA.stream().anyMatch(m -> "from shell".equals(new String(m.data(), StandardCharsets.UTF_8))),
                "the shell's message at a");

        assertEquals("unsubscribed from chat", shell.unsubscribe("chat"));
        assertTrue(shell.messages("chat").startsWith("the shell is not subscribed to chat"));
        assertEquals("the shell is not subscribed to chat", shell.unsubscribe("chat"));
        await(() -> n.get(0).pubsub().peers("chat").isEmpty(), "a heard the unsubscribe");

        shell.subscribe("again");
        shell.deactivate();
        assertTrue(n.get(1).pubsub().topics().isEmpty(), "deactivation ends the shell's subscriptions");
    }
}
