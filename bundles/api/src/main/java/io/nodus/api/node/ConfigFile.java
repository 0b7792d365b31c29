package io.nodus.api.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Edits a configuration file the node's FileInstall reads ({@code <data>/etc/<pid>.cfg}, a
 * {@link java.util.Properties} file) the way a user would: the given keys are set, every other line (comments
 * included) is kept, and the file is replaced atomically, so that a change made by a command or the web UI
 * survives a restart and FileInstall agrees with it.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * Sets {@code changes} (values as text) in {@code file}, creating it (and its folder) with the comment line
     * {@code header} when it is missing or empty. A key written several times keeps one line. Throws
     * {@link IllegalArgumentException} for a value of more than one line.
     */
    public static void update(Path file, Map<String, String> changes, String header) throws IOException {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException(e.getKey() + " must be one line");
            }
        }
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
        if (lines.isEmpty()) {
            lines.add("# " + header);
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            Pattern key = Pattern.compile("^\\s*" + Pattern.quote(e.getKey()) + "\\s*[=:\\s].*$");
            String line = e.getKey() + " = " + escape(e.getValue());
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (key.matcher(lines.get(i)).matches()) {
                    lines.set(i, replaced ? "" : line);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(line);
            }
        }
        Files.createDirectories(file.getParent());
        // outside etc/: FileInstall would take a stray temporary file there for a configuration or a bundle
        Path tmp = file.getParent().resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@link java.util.Properties} escaping of a value: backslashes and a leading space. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || (i == 0 && c == ' ')) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
