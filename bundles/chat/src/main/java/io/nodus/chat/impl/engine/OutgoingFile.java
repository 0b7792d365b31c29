package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.nodus.api.chat.FileTransfer;
import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.FileAnswer;

/** A file this node sends. */
final class OutgoingFile {

    final String id;
    final PeerId peer;
    final String name;
    final long size;
    final byte[] sha256;
    final byte[] key;
    final Instant startedAt = Instant.now();
    final CompletableFuture<FileAnswer> accepted = new CompletableFuture<>();
    final CompletableFuture<FileAnswer> completed = new CompletableFuture<>();
    volatile FileTransfer.State state = FileTransfer.State.OFFERED;
    volatile long transferred;
    volatile String error = "";

    OutgoingFile(String id, PeerId peer, String name, long size, byte[] sha256, byte[] key) {
        this.id = id;
        this.peer = peer;
        this.name = name;
        this.size = size;
        this.sha256 = sha256;
        this.key = key;
    }

    void fail(FileTransfer.State s, String why) {
        state = s;
        error = why == null ? "" : why;
    }

    FileTransfer snapshot() {
        return new FileTransfer(id, peer, true, name, size, transferred, HexFormat.of().formatHex(sha256), state,
                error, null);
    }
}
