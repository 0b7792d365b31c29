package io.nodus.itests.chat;

import static io.nodus.itests.chat.ChatNode.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First contact through a relay: B publishes its signed prekey bundle at relay R and stops; A, which never talked to
 * B, fetches the bundle from R, starts the session and leaves it with three messages at R; B restarts on its data
 * dir, collects them from R and reads them in order, and A gets the read receipts (through R: B knows only R).
 */
class ChatRelayProcessTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path scratch;

    @Test
    void aSessionStartsThroughTheRelayWhileThePeerIsOffline() throws IOException {
        String token = "relayed-" + UUID.randomUUID();
        Path dirA = scratch.resolve("a");
        Path dirB = scratch.resolve("b");
        try (ChatNode r = ChatNode.start(ChatProcessTest.PROFILE, scratch.resolve("r"))) {
            for (Path d : List.of(dirA, dirB)) {
                ChatNode.configure(d, "io.nodus.chat", "relays = " + r.peer + "\nrelayServe = false\n");
            }
            String peerB;
            try (ChatNode b = ChatNode.start(ChatProcessTest.PROFILE, dirB, "--bootstrap", r.addr)) {
                peerB = b.peer;
                eventually("b's prekey bundle at the relay", DEADLINE, r::log,
                        l -> l.contains("prekey bundle") && l.contains(" of " + peerB + " published"));
            }
            try (ChatNode a = ChatNode.start(ChatProcessTest.PROFILE, dirA, "--bootstrap", r.addr)) {
                for (int i = 0; i < 3; i++) {
                    a.shell("chat:send", peerB, token, "number", String.valueOf(i)).ok();
                }
                eventually("the three messages sealed and left at the relay", DEADLINE,
                        () -> a.shell("chat:history", peerB).ok().stdout(),
                        h -> h.lines().filter(l -> l.contains(token) && l.contains(" SENT ")).count() == 3);

                try (ChatNode b = ChatNode.start(ChatProcessTest.PROFILE, dirB, "--bootstrap", r.addr)) {
                    assertEquals(peerB, b.peer, "same identity after the restart");
                    // chat:history marks the conversation read, which sends the read receipts
                    String history = eventually("the three messages at b", DEADLINE,
                            () -> b.shell("chat:history", a.peer).ok().stdout(),
                            h -> h.lines().filter(l -> l.contains(token)).count() == 3);
                    List<String> texts = history.lines().filter(l -> l.contains(token))
                            .map(l -> l.substring(l.indexOf(": ") + 2)).toList();
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        expected.add(token + " number " + i);
                    }
                    assertEquals(expected, texts, "in order, each once: " + history);
                    eventually("read receipts at a", DEADLINE, () -> a.shell("chat:history", peerB).ok().stdout(),
                            h -> h.lines().filter(l -> l.contains(token) && l.contains(" READ ")).count() == 3);
                }
            }
            assertFalse(r.log().contains(token), "the relay logs no message text");
        }
        ChatProcessTest.assertNoFileContains(List.of(dirA, dirB, scratch.resolve("r")), token);
    }
}
