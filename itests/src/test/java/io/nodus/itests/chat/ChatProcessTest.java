package io.nodus.itests.chat;

import static io.nodus.itests.chat.ChatNode.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat between real {@code ./nodus start} processes, driven through {@code ./nodus shell}. */
class ChatProcessTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String PROFILE = "bootstrap";

    @TempDir
    Path scratch;

    @Test
    void messagesInOrderWithReceiptsTypingCloseAndNoPlaintextOnDisk() throws IOException {
        String token = "secret-" + UUID.randomUUID();
        Path dirA = scratch.resolve("a");
        Path dirB = scratch.resolve("b");
        try (ChatNode a = ChatNode.start(PROFILE, dirA);
                ChatNode b = ChatNode.start(PROFILE, dirB, "--bootstrap", a.addr)) {
            try (ChatNode.Follower followB = b.follow("chat:receive", "--follow");
                    ChatNode.Follower followA = a.follow("chat:receive", "--follow")) {
                a.awaitConnected(b.peer);
                String open = a.shell("chat:open", b.peer).ok().stdout();
                assertTrue(open.contains("open (double-ratchet)"), open);
                a.shell("chat:typing", b.peer, "on").ok();
                for (int i = 0; i < 5; i++) {
                    a.shell("chat:send", b.peer, token, "number", String.valueOf(i)).ok();
                }
                List<String> seen = followB.await("typing and five messages at b",
                        l -> l.stream().filter(s -> s.startsWith("message ")).count() == 5
                                && l.stream().anyMatch(s -> s.startsWith("typing ")));
                List<String> texts = seen.stream().filter(s -> s.startsWith("message "))
                        .map(s -> s.substring(s.indexOf(": ") + 2)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    expected.add(token + " number " + i);
                }
                assertEquals(expected, texts, "in order, each once");
                followA.await("read receipts at a",
                        l -> l.stream().filter(s -> s.startsWith("receipt READ")).count() == 5);
            }
            String history = a.shell("chat:history", b.peer).ok().stdout();
            assertEquals(5, history.lines().filter(l -> l.contains(" READ ")).count(), history);

            a.shell("chat:close", b.peer).ok();
            assertEquals("", a.shell("chat:sessions").ok().stdout().strip());
            eventually("b to close its side", DEADLINE, () -> b.shell("chat:sessions").ok().stdout(),
                    String::isBlank);
        }
        assertNoFileContains(List.of(dirA, dirB), token);
    }

    @Test
    void killedPeerRestartedWithinTheTtlReceivesWhatWasQueuedAndNothingExpired() throws IOException {
        String token = "queued-" + UUID.randomUUID();
        Path dirB = scratch.resolve("b");
        try (ChatNode a = ChatNode.start(PROFILE, scratch.resolve("a"))) {
            String peerB;
            try (ChatNode b = ChatNode.start(PROFILE, dirB, "--bootstrap", a.addr)) {
                peerB = b.peer;
                a.awaitConnected(peerB);
                a.shell("chat:open", peerB).ok();
                b.kill();
            }
            a.shell("chat:send", "--ttl", "2", peerB, "short-lived", token).ok();
            for (int i = 0; i < 3; i++) {
                a.shell("chat:send", peerB, token, "queued", String.valueOf(i)).ok();
            }
            eventually("the short-lived message to expire at a", DEADLINE,
                    () -> a.shell("chat:history", peerB).ok().stdout(), h -> !h.contains("short-lived"));
            try (ChatNode b = ChatNode.start(PROFILE, dirB, "--bootstrap", a.addr)) {
                assertEquals(peerB, b.peer, "same identity after the restart");
                String history = eventually("the queued messages at the restarted b", DEADLINE,
                        () -> b.shell("chat:history", a.peer).ok().stdout(),
                        h -> h.lines().filter(l -> l.contains(token)).count() == 3);
                List<String> lines = history.lines().filter(l -> l.contains(token)).toList();
                for (int i = 0; i < 3; i++) {
                    assertTrue(lines.get(i).endsWith(token + " queued " + i), history);
                }
                assertFalse(history.contains("short-lived"), "the expired message never arrives: " + history);
            }
        }
    }

    @Test
    void senderKilledAndRestartedOnItsDataDirIsHeardAgainInOrderWithoutDuplicates() throws IOException {
        String token = "again-" + UUID.randomUUID();
        Path dirA = scratch.resolve("a");
        try (ChatNode b = ChatNode.start(PROFILE, scratch.resolve("b"))) {
            String peerA;
            try (ChatNode a = ChatNode.start(PROFILE, dirA, "--bootstrap", b.addr)) {
                peerA = a.peer;
                for (int i = 0; i < 3; i++) {
                    a.shell("chat:send", b.peer, token, "before", String.valueOf(i)).ok();
                }
                eventually("the first three at b", DEADLINE, () -> b.shell("chat:history", peerA).ok().stdout(),
                        h -> h.lines().filter(l -> l.contains(token)).count() == 3);
                a.kill();
            }
            try (ChatNode a = ChatNode.start(PROFILE, dirA, "--bootstrap", b.addr)) {
                assertEquals(peerA, a.peer, "same identity after the restart");
                for (int i = 0; i < 3; i++) {
                    a.shell("chat:send", b.peer, token, "after", String.valueOf(i)).ok();
                }
                String history = eventually("the three sent after the restart at b", DEADLINE,
                        () -> b.shell("chat:history", peerA).ok().stdout(),
                        h -> h.lines().filter(l -> l.contains(token + " after 2")).count() == 1);
                List<String> lines = history.lines().filter(l -> l.contains(token)).toList();
                List<String> expected = new ArrayList<>();
                for (String phase : List.of("before", "after")) {
                    for (int i = 0; i < 3; i++) {
                        expected.add(token + " " + phase + " " + i);
                    }
                }
                assertEquals(expected, lines.stream().map(l -> l.substring(l.indexOf(token))).toList(),
                        "in order, each once: " + history);
            }
        }
    }

    @Test
    void threeNodesAGroupAndARemovedMember() throws IOException {
        try (ChatNode a = ChatNode.start(PROFILE, scratch.resolve("a"));
                ChatNode b = ChatNode.start(PROFILE, scratch.resolve("b"), "--bootstrap", a.addr);
                ChatNode c = ChatNode.start(PROFILE, scratch.resolve("c"), "--bootstrap", a.addr,
                        "--bootstrap", b.addr)) {
            String created = a.shell("chat:group", "create", "team", b.peer, c.peer).ok().stdout();
            String group = created.strip().split(" ")[0];
            assertTrue(group.startsWith("group:"), created);
            for (ChatNode n : List.of(b, c)) {
                eventually("the group at a member", DEADLINE, () -> n.shell("chat:group", "list").ok().stdout(),
                        s -> s.contains(group));
            }
            a.shell("chat:send", group, "before removal").ok();
            for (ChatNode n : List.of(b, c)) {
                eventually("'before removal' at a member", DEADLINE, () -> n.shell("chat:history", group).ok().stdout(),
                        s -> s.contains("before removal"));
            }
            a.shell("chat:group", "remove", group, c.peer).ok();
            eventually("b to see epoch 2", DEADLINE, () -> b.shell("chat:group", "list").ok().stdout(),
                    s -> s.contains("epoch=2"));
            eventually("c to see its removal", DEADLINE, () -> c.shell("chat:group", "list").ok().stdout(),
                    String::isBlank);
            a.shell("chat:send", group, "after removal from a").ok();
            b.shell("chat:send", group, "after removal from b").ok();
            eventually("b's message at a", DEADLINE, () -> a.shell("chat:history", group).ok().stdout(),
                    s -> s.contains("after removal from b"));
            eventually("a's message at b", DEADLINE, () -> b.shell("chat:history", group).ok().stdout(),
                    s -> s.contains("after removal from a"));
            a.shell("chat:send", c.peer, "marker from a").ok();
            b.shell("chat:send", c.peer, "marker from b").ok();
            eventually("a's marker at c", DEADLINE, () -> c.shell("chat:history", a.peer).ok().stdout(),
                    s -> s.contains("marker from a"));
            eventually("b's marker at c", DEADLINE, () -> c.shell("chat:history", b.peer).ok().stdout(),
                    s -> s.contains("marker from b"));
            String atC = c.shell("chat:history", group).ok().stdout();
            assertTrue(atC.contains("before removal"), atC);
            assertFalse(atC.contains("after removal"), "c got a group message sent after its removal: " + atC);
        }
    }

    @Test
    void a50MiBFileArrivesHashIdenticalAndOneByteMoreIsRefused() throws Exception {
        Path dirB = scratch.resolve("b");
        Files.createDirectories(dirB.resolve("etc"));
        Files.writeString(dirB.resolve("etc").resolve("io.nodus.chat.cfg"), "maxFileBytes = 52428800\n");
        Path file = scratch.resolve("fifty.bin");
        byte[] data = new byte[50 * 1024 * 1024];
        new java.util.Random(50).nextBytes(data);
        Files.write(file, data);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        Path bigger = scratch.resolve("bigger.bin");
        Files.write(bigger, java.util.Arrays.copyOf(data, data.length + 1));
        try (ChatNode a = ChatNode.start(PROFILE, scratch.resolve("a"));
                ChatNode b = ChatNode.start(PROFILE, dirB, "--bootstrap", a.addr)) {
            String sent = a.shell("chat:send-file", b.peer, file.toString()).ok().stdout();
            assertTrue(sent.contains("sha256=" + sha + " COMPLETE"), sent);
            String files = b.shell("chat:files").ok().stdout();
            String line = files.lines().filter(l -> l.contains(sha)).findFirst().orElseThrow(() ->
                    new AssertionError(files));
            assertTrue(line.endsWith("COMPLETE"), line);
            Path copy = scratch.resolve("copy.bin");
            b.shell("chat:save-file", line.split(" ")[0], copy.toString()).ok();
            assertEquals(-1, Files.mismatch(file, copy));

            ChatNode.Result refused = a.shell("chat:send-file", b.peer, bigger.toString());
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.stderr().contains("exceeds this node's limit of 52428800 bytes"), refused.toString());
        }
    }

    static void assertNoFileContains(List<Path> dirs, String token) throws IOException {
        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    byte[] content = Files.readAllBytes(f);
                    assertFalse(indexOf(content, needle) >= 0, "chat text found on disk in " + f);
                }
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
