package io.nodus.chat.impl.engine;

import static io.nodus.chat.impl.engine.ChatTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.FileTransfer;

class FileTransferTest {

    @TempDir
    Path dir;
    private ChatTestNode a;
    private ChatTestNode b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private Path randomFile(String name, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    @Test
    void a50MiBFileArrivesHashIdentical() throws Exception {
        a = new ChatTestNode();
        b = new ChatTestNode();
        a.connect(b);
        Path file = randomFile("big.bin", 50 * 1024 * 1024);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        FileTransfer sent = a.chat.sendFile(b.peerId(), file);

        assertEquals(FileTransfer.State.COMPLETE, sent.state());
        assertEquals(sha, sent.sha256());
        FileTransfer got = b.chat.transfers().get(0);
        assertEquals(FileTransfer.State.COMPLETE, got.state());
        assertEquals(sha, got.sha256());
        assertEquals("big.bin", got.name());
        assertTrue(b.fileEvents.stream().filter(t -> t.state() == FileTransfer.State.TRANSFERRING).count() >= 10,
                "progress was reported");
        Path copy = dir.resolve("copy.bin");
        b.chat.saveFile(got.id(), copy);
        assertEquals(-1, Files.mismatch(file, copy));
    }

    @Test
    void overTheReceiversLimitIsRefusedWithAClearError() throws Exception {
        a = new ChatTestNode();
        b = new ChatTestNode(Map.of("maxFileBytes", 1024L * 1024));
        a.connect(b);
        Path file = randomFile("two-mib.bin", 2 * 1024 * 1024);

        ChatException e = assertThrows(ChatException.class, () -> a.chat.sendFile(b.peerId(), file));

        assertEquals(ChatException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("exceeds this node's limit of 1048576 bytes"), e.getMessage());
        await(() -> !b.chat.transfers().isEmpty(), "b to record the refusal");
        assertEquals(FileTransfer.State.REFUSED, b.chat.transfers().get(0).state());
    }

    @Test
    void overTheSendersOwnLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        a = new ChatTestNode(Map.of("maxFileBytes", 1000L));
        b = new ChatTestNode();
        a.connect(b);
        Path file = randomFile("small.bin", 1001);

        ChatException e = assertThrows(ChatException.class, () -> a.chat.sendFile(b.peerId(), file));

        assertEquals(ChatException.Reason.TOO_LARGE, e.reason());
        assertEquals("file small.bin is 1001 bytes; the limit is 1000 bytes", e.getMessage());
        assertTrue(b.chat.transfers().isEmpty());
    }

    @Test
    void emptyAndOddSizedFilesArrive() throws Exception {
        a = new ChatTestNode();
        b = new ChatTestNode();
        a.connect(b);
        assertEquals(FileTransfer.State.COMPLETE, a.chat.sendFile(b.peerId(), randomFile("empty", 0)).state());
        Path odd = randomFile("odd", 64 * 1024 * 3 + 17);
        FileTransfer t = a.chat.sendFile(b.peerId(), odd);
        Path copy = dir.resolve("odd.copy");
        b.chat.saveFile(t.id(), copy);
        assertEquals(-1, Files.mismatch(odd, copy));
    }
}
