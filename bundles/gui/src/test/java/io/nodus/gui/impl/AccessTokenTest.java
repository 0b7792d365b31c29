package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {

    @TempDir
    Path data;

    @Test
    void createsAnOwnerOnlyRandomTokenAndKeepsIt() throws Exception {
        AccessToken first = AccessToken.load(data);
        Path file = data.resolve(AccessToken.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(AccessToken.isWellFormed(first.value()));
        assertEquals(first.value(), Files.readString(file).strip());
        assertEquals(first.value(), AccessToken.load(data).value(), "a restart keeps the token");
    }

    @Test
    void replacesAMalformedFileAndTightensPermissions() throws Exception {
        Path file = data.resolve(AccessToken.FILE);
        Files.writeString(file, "guessable\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AccessToken t = AccessToken.load(data);
        assertNotEquals("guessable", t.value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void matchesOnlyTheExactToken() throws Exception {
        AccessToken t = AccessToken.load(data);
        assertTrue(t.matches(t.value()));
        assertFalse(t.matches(null));
        assertFalse(t.matches(""));
        assertFalse(t.matches(t.value().substring(1)));
        assertFalse(t.matches(t.value().substring(0, 63) + (t.value().charAt(63) == 'a' ? 'b' : 'a')));
    }

    @Test
    void twoNodesGetDifferentTokensAndCookieNames(@TempDir Path other) throws Exception {
        String a = AccessToken.load(data).value();
        String b = AccessToken.load(other).value();
        assertNotEquals(a, b);
        assertNotEquals(GuiContext.cookieName(a), GuiContext.cookieName(b));
        assertFalse(GuiContext.cookieName(a).contains(a.substring(0, 12)), "the cookie name does not reveal the token");
    }
}
