package io.nodus.gui.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secret that opens the web UI: 32 random bytes as hex, kept in {@code <data>/gui.token} readable by the owner
 * only, and reused across restarts so that open pages keep working. A file that is not a well-formed token is
 * replaced.
 */
final class AccessToken {

    static final String FILE = "gui.token";
    static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** Reads the token of {@code dataDir}, creating it (mode 0600) when there is none. */
    static AccessToken load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (isWellFormed(text)) {
                restrict(file);
                return new AccessToken(text);
            }
        }
        byte[] raw = new byte[BYTES];
        new SecureRandom().nextBytes(raw);
        String text = HexFormat.of().formatHex(raw);
        Path tmp = file.resolveSibling("." + FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + " exclusively", e);
        }
        Files.writeString(tmp, text + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        restrict(file);
        return new AccessToken(text);
    }

    static boolean isWellFormed(String text) {
        return text.length() == 2 * BYTES && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }

    String value() {
        return value;
    }

    /** Constant-time comparison, so the answer time tells nothing about how much of a guess was right. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
