package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {

    @TempDir
    Path etc;

    @Test
    void rewritesTheKeysKeepsOtherLinesAndAppendsNewKeys() throws Exception {
        Path file = etc.resolve("io.nodus.proxy.cfg");
        Files.write(file, List.of("# mine", "useTor = false", "admins = x", "useTor=true"));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("useTor", "true");
        changes.put("proxy", "none");
        ConfigFiles.writeFile(file, changes, "io.nodus.proxy");
        assertEquals(List.of("# mine", "useTor = true", "admins = x", "", "proxy = none"), Files.readAllLines(file));
        assertEquals(List.of(), Files.list(etc).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                "no temporary file left in etc/ for FileInstall to pick up");
    }

    @Test
    void refusesValuesThatWouldAddLines() {
        assertThrows(IllegalArgumentException.class, () -> ConfigFiles.writeFile(etc.resolve("x.cfg"),
                Map.of("proxy", "none\nuseTor = true"), "x"));
    }

    @Test
    void escapesBackslashesForPropertiesFiles() {
        assertEquals("a\\\\b", ConfigFiles.escape("a\\b"));
        assertEquals("\\ lead", ConfigFiles.escape(" lead"));
    }
}
