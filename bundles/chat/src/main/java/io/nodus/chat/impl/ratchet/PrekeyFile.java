package io.nodus.chat.impl.ratchet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;

/**
 * The file that keeps this node's X3DH identity key and signed prekeys (current and previous) across restarts, so a
 * first message that a peer left at a relay while this node was down can still be opened. Only those keys: no
 * one-time prekey, no session, no message. Owner read/write only; replaced atomically.
 */
public final class PrekeyFile {

    private static final int MAGIC = 0x4e435031; // "NCP1"
    private static final int MAX_BYTES = 1024;

    /** One signed prekey as kept: its id, private key and when it was made. */
    record Saved(int id, byte[] privateKey, Instant created) {
    }

    /** What the file holds. */
    record State(byte[] identity, int nextId, Saved current, Saved previous) {
    }

    private final Path path;

    public PrekeyFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The kept state, or null when there is none or it does not parse (the caller then makes new keys). */
    State load() {
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_BYTES) {
                return null;
            }
            byte[] all = Files.readAllBytes(path);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
                if (in.readInt() != MAGIC) {
                    return null;
                }
                byte[] identity = key(in);
                int nextId = in.readInt();
                Saved current = saved(in);
                Saved previous = in.readBoolean() ? saved(in) : null;
                return new State(identity, nextId, current, previous);
            } finally {
                Arrays.fill(all, (byte) 0);
            }
        } catch (IOException e) {
            return null;
        }
    }

    void save(State s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.write(s.identity());
            out.writeInt(s.nextId());
            write(out, s.current());
            out.writeBoolean(s.previous() != null);
            if (s.previous() != null) {
                write(out, s.previous());
            }
        }
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        byte[] data = bytes.toByteArray();
        try {
            Files.write(tmp, data);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void write(DataOutputStream out, Saved s) throws IOException {
        out.writeInt(s.id());
        out.write(s.privateKey());
        out.writeLong(s.created().toEpochMilli());
    }

    private static Saved saved(DataInputStream in) throws IOException {
        int id = in.readInt();
        byte[] k = key(in);
        return new Saved(id, k, Instant.ofEpochMilli(in.readLong()));
    }

    private static byte[] key(DataInputStream in) throws IOException {
        byte[] k = new byte[X25519KeyPair.KEY_BYTES];
        in.readFully(k);
        return k;
    }
}
