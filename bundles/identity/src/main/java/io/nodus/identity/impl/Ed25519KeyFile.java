package io.nodus.identity.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The node's Ed25519 key file {@code <data>/keys/identity.key}: a libp2p {@code PrivateKey} protobuf (Type Ed25519,
 * Data = 32-byte seed then 32-byte public key, as go-libp2p and js-libp2p write it). Created once, atomically,
 * owner-only ({@code keys/} 0700, file 0600 where the file system has POSIX permissions); a file that exists but
 * cannot be read or decoded is reported and never replaced.
 */
final class Ed25519KeyFile {

    static final String KEYS_DIR = "keys";
    static final String FILE_NAME = "identity.key";
    /** A PrivateKey message far larger than any Ed25519 one is not our key file. */
    private static final int MAX_FILE_BYTES = 1024;
    private static final int SEED_BYTES = Ed25519PrivateKeyParameters.KEY_SIZE;
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");

    private Ed25519KeyFile() {
    }

    static Path path(Path dataDir) {
        return dataDir.resolve(KEYS_DIR).resolve(FILE_NAME);
    }

    /**
     * Loads the key at {@code file}, or creates it when there is no file (nor link) of that name.
     *
     * @throws KeyFileException when the key cannot be read, decoded or written
     */
    static Ed25519PrivateKeyParameters loadOrCreate(Path file, SecureRandom random) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return load(file);
        }
        try {
            return create(file, random);
        } catch (IOException e) {
            throw new KeyFileException("cannot create identity key file " + file + ": " + e, e);
        }
    }

    static Ed25519PrivateKeyParameters load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KeyFileException("identity key file " + file + " is not a regular file (a directory, a"
                    + " dangling link, or unreachable); it is left untouched");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new KeyFileException(corrupt(file, size + " bytes is far too large for an Ed25519 key"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyFileException("cannot read identity key file " + file + " (" + e
                    + "); it is left as it is", e);
        }
        try {
            return decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(corrupt(file, e.getMessage()), e);
        }
    }

    /** Peer-ids spec "Ed25519": Data is seed + public key (64 bytes), or the older seed + public key twice (96). */
    static Ed25519PrivateKeyParameters decode(byte[] privateKeyMessage) {
        LibP2pKeys.KeyMessage message = LibP2pKeys.decode(privateKeyMessage);
        if (message.type() != KeyType.ED25519) {
            throw new IllegalArgumentException("key type is " + message.type().specName() + ", not Ed25519");
        }
        byte[] data = message.data();
        if (data.length != 2 * SEED_BYTES && data.length != 3 * SEED_BYTES) {
            throw new IllegalArgumentException("Ed25519 private key Data must be 64 (or legacy 96) bytes, not "
                    + data.length);
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(data, 0);
        byte[] derived = key.generatePublicKey().getEncoded();
        for (int off = SEED_BYTES; off < data.length; off += SEED_BYTES) {
            if (!Arrays.equals(derived, Arrays.copyOfRange(data, off, off + SEED_BYTES))) {
                throw new IllegalArgumentException("stored public key does not belong to the stored private key");
            }
        }
        return key;
    }

    static byte[] encode(Ed25519PrivateKeyParameters key) {
        byte[] data = new byte[2 * SEED_BYTES];
        key.encode(data, 0);
        key.generatePublicKey().encode(data, SEED_BYTES);
        return LibP2pKeys.encode(KeyType.ED25519, data);
    }

    private static Ed25519PrivateKeyParameters create(Path file, SecureRandom random) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
            Files.setPosixFilePermissions(dir, DIR_PERMS); // also when it already existed, or umask widened it
        } else {
            Files.createDirectories(dir);
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMS)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(encode(key)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
        return key;
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can fsync a directory; the key file itself is already forced to disk.
        }
    }

    private static String corrupt(Path file, String why) {
        return "identity key file " + file + " is not a valid libp2p Ed25519 PrivateKey (" + why + "); it is left"
                + " untouched - move it away to create a new identity, or restore the right file";
    }
}
