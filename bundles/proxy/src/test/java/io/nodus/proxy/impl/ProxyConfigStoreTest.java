package io.nodus.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigStoreTest {

    @Test
    void rewritesOnlyTheChangedKeysAndKeepsTheRest(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("etc").resolve("io.nodus.proxy.cfg");
        Files.createDirectories(file.getParent());
        Files.write(file, List.of("# mine", "admins = 12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
                "proxy=none", "useTor : false"));
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("proxy", "socks5://127.0.0.1:1080");
        changes.put("allowDirectFallback", "true");
        ProxyConfigStore.writeFile(file, changes);
        assertEquals(List.of("# mine", "admins = 12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
                "proxy = socks5://127.0.0.1:1080", "useTor : false", "allowDirectFallback = true"),
                Files.readAllLines(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList()); // no temporary file left in etc/
        }
    }

    @Test
    void createsTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("etc").resolve("io.nodus.proxy.cfg");
        ProxyConfigStore.writeFile(file, Map.of("useTor", "true"));
        assertEquals("useTor = true", Files.readAllLines(file).get(1));
    }
}
