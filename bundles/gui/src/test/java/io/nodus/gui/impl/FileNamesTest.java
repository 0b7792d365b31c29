package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {

    @Test
    void keepsOnlyASafeLastSegment() {
        assertEquals("passwd", FileNames.safe("../../etc/passwd"));
        assertEquals("evil.txt", FileNames.safe("C:\\Users\\x\\evil.txt"));
        assertEquals("file", FileNames.safe(".."));
        assertEquals("file", FileNames.safe("\u0000\u0007"));
        assertEquals("ab.txt", FileNames.safe("a\"b.txt\n"));
        assertEquals(FileNames.MAX_NAME_LENGTH, FileNames.safe("x".repeat(1000)).length());
    }

    @Test
    void temporaryDirectoriesArePrivateAndErased(@TempDir Path data) throws Exception {
        Path dir = FileNames.privateTempDir(data);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.writeString(dir.resolve("f"), "x");
        FileNames.erase(dir);
        assertFalse(Files.exists(dir));
        assertTrue(Files.isDirectory(data.resolve("cache").resolve(FileNames.TEMP_DIR)));
    }
}
