package io.nodus.itests.chat;

import static io.nodus.itests.chat.ChatNode.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chat in each encryption mode of the node (etc/io.nodus.crypto.cfg on both sides): the Double Ratchet whenever the
 * mode encrypts, signed plaintext in mode none; messages arrive either way and no text reaches the disk.
 */
class ChatEncryptionModesProcessTest {

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "mode {0}")
    @CsvSource({"symmetric,double-ratchet", "asymmetric,double-ratchet", "none,signed"})
    void chatFollowsTheEncryptionMode(String mode, String protection) throws IOException {
        String token = "mode-" + mode + "-" + UUID.randomUUID();
        Path dirA = scratch.resolve("a");
        Path dirB = scratch.resolve("b");
        for (Path d : new Path[] {dirA, dirB}) {
            Files.createDirectories(d.resolve("etc"));
            Files.writeString(d.resolve("etc").resolve("io.nodus.crypto.cfg"),
                    "encryption.mode = " + mode + "\nencryption.allowed = " + mode + "\n");
        }
        try (ChatNode a = ChatNode.start(ChatProcessTest.PROFILE, dirA);
                ChatNode b = ChatNode.start(ChatProcessTest.PROFILE, dirB, "--bootstrap", a.addr)) {
            a.awaitConnected(b.peer);
            String open = a.shell("chat:open", b.peer).ok().stdout();
            assertTrue(open.contains("open (" + protection + ")"), open);
            a.shell("chat:send", b.peer, token).ok();
            eventually("the message at b", Duration.ofSeconds(60), () -> b.shell("chat:history", a.peer).ok().stdout(),
                    h -> h.contains(token));
            b.shell("chat:send", a.peer, "reply", token).ok();
            eventually("the reply at a", Duration.ofSeconds(60), () -> a.shell("chat:history", b.peer).ok().stdout(),
                    h -> h.contains("reply " + token));
        }
        ChatProcessTest.assertNoFileContains(java.util.List.of(dirA, dirB), token);
    }
}
