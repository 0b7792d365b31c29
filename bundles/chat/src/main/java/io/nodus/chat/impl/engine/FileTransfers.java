package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatException.Reason;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.P2PStream;
import io.nodus.chat.impl.protocol.FileAnswer;
import io.nodus.chat.impl.protocol.FileChunk;
import io.nodus.chat.impl.protocol.FileOffer;
import io.nodus.chat.impl.protocol.Frame;
import io.nodus.chat.impl.protocol.FrameCodec;
import io.nodus.chat.impl.protocol.Payload;
import io.nodus.chat.impl.ratchet.MessageCipher;
import io.nodus.chat.impl.ratchet.RatchetException;

/**
 * File sharing: the offer (name, size, SHA-256 and a fresh transfer key) travels as a ratchet-sealed payload and may
 * be refused (e.g. over the receiver's size limit); the content then goes on a stream of its own in chunks of
 * {@value #CHUNK_BYTES} bytes, each sealed with ChaCha20-Poly1305 under the transfer key (nonce = chunk index, the
 * transfer id and index authenticated). The receiver keeps the file in memory until its TTL, checks the hash, and
 * answers. The transfer key is erased when the transfer ends.
 */
public final class FileTransfers {

    public static final int CHUNK_BYTES = 64 * 1024;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** How often progress is reported, in bytes. */
    static final long PROGRESS_STEP = 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final ChatEngine engine;
    private final Map<String, OutgoingFile> outgoing = new ConcurrentHashMap<>();
    private final Map<String, IncomingFile> incoming = new ConcurrentHashMap<>();

    FileTransfers(ChatEngine engine) {
        this.engine = engine;
    }

    public FileTransfer send(PeerId peer, Path file) throws ChatException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ChatException(Reason.INVALID, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size > engine.settings.maxFileBytes()) {
            throw new ChatException(Reason.TOO_LARGE, "file " + file.getFileName() + " is " + size
                    + " bytes; the limit is " + engine.settings.maxFileBytes() + " bytes");
        }
        engine.recipients(io.nodus.api.chat.Conversation.peer(peer));
        byte[] sha = sha256(file);
        OutgoingFile out = new OutgoingFile(engine.newId(), peer, file.getFileName().toString(), size, sha,
                randomKey());
        outgoing.put(out.id, out);
        try {
            Payload offer = Payload.newBuilder().setId(ByteString.fromHex(out.id)).setFileOffer(FileOffer.newBuilder()
                    .setTransferId(ByteString.fromHex(out.id)).setName(out.name).setSize(size)
                    .setSha256(ByteString.copyFrom(sha)).setKey(ByteString.copyFrom(out.key))
                    .setChunkSize(CHUNK_BYTES).setTtlMs(engine.settings.defaultTtl().toMillis())).build();
            engine.outbox.add(peer, new OutboxItem(out.id, offer, true,
                    engine.clock.instant().plus(ANSWER_TIMEOUT), null, -1));
            engine.sender.flush(peer);
            FileAnswer accepted = await(out.accepted, ANSWER_TIMEOUT, out, "the peer to answer the file offer");
            if (!accepted.getAccepted()) {
                out.fail(FileTransfer.State.REFUSED, accepted.getReason());
                fire(out);
                Reason r = accepted.getReason().startsWith("TOO_LARGE") ? Reason.TOO_LARGE : Reason.REFUSED;
                throw new ChatException(r, "the peer refused " + out.name + ": " + accepted.getReason());
            }
            if (!accepted.getComplete()) {
                stream(out, file);
            }
            FileAnswer done = accepted.getComplete() ? accepted
                    : await(out.completed, ANSWER_TIMEOUT.plusSeconds(size / (1024 * 1024)), out, "the file to arrive");
            if (!done.getComplete()) {
                out.fail(FileTransfer.State.FAILED, done.getReason());
                fire(out);
                throw new ChatException(Reason.HASH_MISMATCH, "the peer did not accept " + out.name + ": "
                        + done.getReason());
            }
            out.state = FileTransfer.State.COMPLETE;
            out.transferred = size;
            fire(out);
            ChatEngine.LOG.log(Level.INFO, "chat file {0} ({1} bytes) delivered to {2}", out.id, size, peer);
            return out.snapshot();
        } finally {
            java.util.Arrays.fill(out.key, (byte) 0);
        }
    }

    private void stream(OutgoingFile out, Path file) throws ChatException {
        out.state = FileTransfer.State.TRANSFERRING;
        byte[] tid = HEX.parseHex(out.id);
        try (P2PStream s = engine.host().newStream(out.peer, ChatService.PROTOCOL);
                InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK_BYTES];
            long nextReport = PROGRESS_STEP;
            for (int index = 0; ; index++) {
                int n = in.readNBytes(buf, 0, CHUNK_BYTES);
                if (n <= 0) {
                    break;
                }
                byte[] chunk = n == CHUNK_BYTES ? buf : java.util.Arrays.copyOf(buf, n);
                byte[] sealed = MessageCipher.seal(out.key, nonce(index), chunk, aad(tid, index));
                FrameCodec.write(s.output(), Frame.newBuilder().setFileChunk(FileChunk.newBuilder()
                        .setTransferId(ByteString.copyFrom(tid)).setIndex(index)
                        .setData(ByteString.copyFrom(sealed))).build());
                out.transferred += n;
                if (out.transferred >= nextReport) {
                    nextReport += PROGRESS_STEP;
                    fire(out);
                }
                if (out.transferred >= out.size) {
                    break;
                }
            }
            s.closeWrite();
        } catch (IOException e) {
            out.fail(FileTransfer.State.FAILED, e.getMessage());
            fire(out);
            throw new ChatException(Reason.PEER_UNREACHABLE, "sending " + out.name + " failed: " + e.getMessage(), e);
        }
    }

    void onOffer(PeerId peer, FileOffer o) {
        String id = HEX.formatHex(o.getTransferId().toByteArray());
        if (incoming.containsKey(id)) {
            return;
        }
        long limit = engine.settings.maxFileBytes();
        Instant expires = engine.clock.instant().plusMillis(Math.min(o.getTtlMs(), engine.settings.maxTtl().toMillis()));
        IncomingFile in = new IncomingFile(id, peer, baseName(o.getName()), o.getSize(),
                o.getSha256().toByteArray(), o.getKey().toByteArray(), o.getChunkSize(), expires);
        if (o.getSize() > limit || o.getChunkSize() != CHUNK_BYTES || o.getKey().size() != 32) {
            String reason = o.getSize() > limit ? "TOO_LARGE: file of " + o.getSize()
                    + " bytes exceeds this node's limit of " + limit + " bytes" : "UNSUPPORTED: chunk size or key";
            in.fail(FileTransfer.State.REFUSED, reason);
            incoming.put(id, in);
            answer(peer, id, false, false, reason);
            fire(in);
            return;
        }
        in.allocate();
        incoming.put(id, in);
        ChatEngine.LOG.log(Level.INFO, "chat file {0} offered by {1}: {2} bytes", id, peer, o.getSize());
        fire(in);
        if (o.getSize() == 0) {
            finish(in);
        } else {
            answer(peer, id, true, false, "");
        }
    }

    void onChunk(PeerId peer, FileChunk c) {
        String id = HEX.formatHex(c.getTransferId().toByteArray());
        IncomingFile in = incoming.get(id);
        if (in == null || !in.peer.equals(peer) || in.state != FileTransfer.State.OFFERED
                && in.state != FileTransfer.State.TRANSFERRING) {
            return;
        }
        byte[] plain;
        try {
            plain = MessageCipher.open(in.key, nonce(c.getIndex()), c.getData().toByteArray(),
                    aad(c.getTransferId().toByteArray(), c.getIndex()));
        } catch (RatchetException e) {
            fail(in, "chunk " + c.getIndex() + " does not authenticate");
            return;
        }
        long offset = (long) c.getIndex() * CHUNK_BYTES;
        if (offset + plain.length > in.size || in.received.get(c.getIndex())) {
            if (!in.received.get(c.getIndex())) {
                fail(in, "chunk " + c.getIndex() + " lies beyond the announced size");
            }
            return;
        }
        System.arraycopy(plain, 0, in.data, (int) offset, plain.length);
        in.received.set(c.getIndex());
        in.state = FileTransfer.State.TRANSFERRING;
        long before = in.transferred;
        in.transferred += plain.length;
        if (in.transferred / PROGRESS_STEP != before / PROGRESS_STEP) {
            fire(in);
        }
        if (in.transferred == in.size) {
            finish(in);
        }
    }

    private void finish(IncomingFile in) {
        byte[] sha = sha256(in.data);
        java.util.Arrays.fill(in.key, (byte) 0);
        if (!MessageDigest.isEqual(sha, in.sha256)) {
            fail(in, "SHA-256 of the received file differs from the announced one");
            return;
        }
        in.state = FileTransfer.State.COMPLETE;
        ChatEngine.LOG.log(Level.INFO, "chat file {0} from {1} complete, {2} bytes, hash verified", in.id, in.peer,
                in.size);
        answer(in.peer, in.id, true, true, "");
        fire(in);
    }

    private void fail(IncomingFile in, String reason) {
        in.fail(FileTransfer.State.FAILED, reason);
        java.util.Arrays.fill(in.key, (byte) 0);
        in.data = new byte[0];
        answer(in.peer, in.id, true, false, reason);
        fire(in);
    }

    void onAnswer(PeerId peer, FileAnswer a) {
        OutgoingFile out = outgoing.get(HEX.formatHex(a.getTransferId().toByteArray()));
        if (out == null || !out.peer.equals(peer)) {
            return;
        }
        if (!a.getAccepted() || a.getComplete() || !a.getReason().isEmpty()) {
            out.completed.complete(a);
        }
        out.accepted.complete(a);
    }

    private void answer(PeerId peer, String id, boolean accepted, boolean complete, String reason) {
        Payload p = Payload.newBuilder().setId(ByteString.fromHex(engine.newId())).setFileAnswer(FileAnswer
                .newBuilder().setTransferId(ByteString.fromHex(id)).setAccepted(accepted).setComplete(complete)
                .setReason(reason)).build();
        engine.outbox.add(peer, new OutboxItem(HEX.formatHex(p.getId().toByteArray()), p, true,
                engine.clock.instant().plus(ANSWER_TIMEOUT), null, -1));
        engine.sender.flushSoon(peer);
    }

    public List<FileTransfer> transfers() {
        List<FileTransfer> out = new ArrayList<>();
        outgoing.values().forEach(o -> out.add(o.snapshot()));
        incoming.values().forEach(i -> out.add(i.snapshot()));
        return out;
    }

    public void save(String id, Path target) throws ChatException, IOException {
        IncomingFile in = incoming.get(id);
        if (in == null) {
            throw new ChatException(Reason.UNKNOWN, "no received file " + id);
        }
        if (in.state != FileTransfer.State.COMPLETE) {
            throw new ChatException(Reason.INVALID, "file " + id + " is " + in.state + ", not COMPLETE");
        }
        Files.write(target, in.data);
        ChatEngine.LOG.log(Level.INFO, "chat file {0} saved on request, {1} bytes", id, in.size);
    }

    void purge(Instant now) {
        incoming.values().removeIf(in -> {
            if (!in.expiresAt.isAfter(now)) {
                java.util.Arrays.fill(in.data, (byte) 0);
                java.util.Arrays.fill(in.key, (byte) 0);
                return true;
            }
            return false;
        });
        outgoing.values().removeIf(o -> o.state != FileTransfer.State.OFFERED
                && o.state != FileTransfer.State.TRANSFERRING && o.startedAt.plus(engine.settings.defaultTtl()).isBefore(now));
    }

    void clear() {
        incoming.values().forEach(in -> {
            java.util.Arrays.fill(in.data, (byte) 0);
            java.util.Arrays.fill(in.key, (byte) 0);
        });
        incoming.clear();
        outgoing.clear();
    }

    private void fire(OutgoingFile o) {
        FileTransfer t = o.snapshot();
        engine.events.fire(l -> l.fileTransfer(t));
    }

    private void fire(IncomingFile i) {
        FileTransfer t = i.snapshot();
        engine.events.fire(l -> l.fileTransfer(t));
    }

    private FileAnswer await(java.util.concurrent.CompletableFuture<FileAnswer> f, Duration limit, OutgoingFile out,
            String what) throws ChatException {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.fail(FileTransfer.State.FAILED, "no answer within " + limit);
            fire(out);
            throw new ChatException(Reason.PEER_UNREACHABLE, "timed out after " + limit + " waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.fail(FileTransfer.State.FAILED, "interrupted");
            throw new ChatException(Reason.CLOSED, "interrupted waiting for " + what);
        } catch (ExecutionException e) {
            throw new ChatException(Reason.CLOSED, "file transfer failed: " + e.getCause());
        }
    }

    private byte[] randomKey() {
        byte[] k = new byte[32];
        engine.random.nextBytes(k);
        return k;
    }

    static byte[] nonce(int index) {
        return ByteBuffer.allocate(12).putInt(8, index).array();
    }

    static byte[] aad(byte[] transferId, int index) {
        return ByteBuffer.allocate(transferId.length + 4).put(transferId).putInt(index).array();
    }

    static String baseName(String name) {
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        return n.isBlank() ? "file" : n.length() > 255 ? n.substring(0, 255) : n;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(Path file) throws ChatException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[CHUNK_BYTES];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return sha.digest();
        } catch (IOException e) {
            throw new ChatException(Reason.INVALID, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
