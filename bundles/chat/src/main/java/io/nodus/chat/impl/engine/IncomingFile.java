package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.BitSet;
import java.util.HexFormat;

import io.nodus.api.chat.FileTransfer;
import io.nodus.api.identity.PeerId;

/** A file a peer sends us, held in memory until its TTL. */
final class IncomingFile {

    final String id;
    final PeerId peer;
    final String name;
    final long size;
    final byte[] sha256;
    final byte[] key;
    final int chunkSize;
    final Instant expiresAt;
    final BitSet received = new BitSet();
    volatile byte[] data;
    volatile FileTransfer.State state = FileTransfer.State.OFFERED;
    volatile long transferred;
    volatile String error = "";

    IncomingFile(String id, PeerId peer, String name, long size, byte[] sha256, byte[] key, int chunkSize,
            Instant expiresAt) {
        this.id = id;
        this.peer = peer;
        this.name = name;
        this.size = size;
        this.sha256 = sha256;
        this.key = key;
        this.chunkSize = chunkSize;
        this.expiresAt = expiresAt;
        this.data = new byte[0];
    }

    void allocate() {
        data = new byte[(int) size];
    }

    void fail(FileTransfer.State s, String why) {
        state = s;
        error = why == null ? "" : why;
    }

    FileTransfer snapshot() {
        return new FileTransfer(id, peer, false, name, size, transferred, HexFormat.of().formatHex(sha256), state,
                error, expiresAt);
    }
}
