package io.nodus.api.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void rewritesTheKeysKeepsOtherLinesAndAppendsNewKeys() throws IOException {
        Path file = dir.resolve("etc").resolve("io.nodus.proxy.cfg");
        Files.createDirectories(file.getParent());
        Files.write(file, List.of("# mine", "useTor = false", "admins = x", "useTor=true", "proxy : none"));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("useTor", "true");
        changes.put("proxy", "socks5://127.0.0.1:1080");
        changes.put("allowDirectFallback", "false");
        ConfigFile.update(file, changes, "unused");
        assertEquals(List.of("# mine", "useTor = true", "admins = x", "", "proxy = socks5://127.0.0.1:1080",
                "allowDirectFallback = false"), Files.readAllLines(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left in etc/ for FileInstall to pick up");
        }
    }

    @Test
    void createsTheFileWithItsHeader() throws IOException {
        Path file = dir.resolve("etc").resolve("io.nodus.proxy.cfg");
        ConfigFile.update(file, Map.of("useTor", "true"), "io.nodus.proxy: applied live");
        assertEquals(List.of("# io.nodus.proxy: applied live", "useTor = true"), Files.readAllLines(file));
    }

    @Test
    void refusesValuesThatWouldAddLinesAndWritesNothing() {
        Path file = dir.resolve("x.cfg");
        assertThrows(IllegalArgumentException.class, () -> ConfigFile.update(file, Map.of("proxy", "none\nuseTor = true"), "x"));
        assertEquals(false, Files.exists(file));
    }

    @Test
    void escapesForPropertiesFilesSoTheValueReadsBackUnchanged() throws IOException {
        assertEquals("a\\\\b", ConfigFile.escape("a\\b"));
        assertEquals("\\ lead", ConfigFile.escape(" lead"));
        Path file = dir.resolve("y.cfg");
        ConfigFile.update(file, Map.of("path", "C:\\data", "name", " spaced"), "y");
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        assertEquals("C:\\data", p.getProperty("path"));
        assertEquals(" spaced", p.getProperty("name"));
    }
}
