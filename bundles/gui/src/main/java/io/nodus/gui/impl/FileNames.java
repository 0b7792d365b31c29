package io.nodus.gui.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** File names from the browser, and the private temporary directories files pass through. */
final class FileNames {

    static final int MAX_NAME_LENGTH = 200;
    static final String TEMP_DIR = "gui-files";

    private FileNames() {
    }

    /** The last path segment, without control characters or quotes, at most {@value #MAX_NAME_LENGTH} characters. */
    static String safe(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder out = new StringBuilder();
        base.codePoints().filter(c -> c >= 0x20 && c != 0x7f && c != '"' && c != ':').limit(MAX_NAME_LENGTH)
                .forEach(out::appendCodePoint);
        String s = out.toString().strip();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "file" : s;
    }

    /** A new directory under {@code <data>/cache/gui-files/} that only the node's user can read. */
    static Path privateTempDir(Path dataDir) throws IOException {
        Path root = Files.createDirectories(dataDir.resolve("cache").resolve(TEMP_DIR));
        Path dir = root.resolve(UUID.randomUUID().toString());
        try {
            return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createDirectory(dir);
        }
    }

    /** Deletes the directory and what is in it; best effort. */
    static void erase(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the next start's cache cleanup
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
