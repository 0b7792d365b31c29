package io.nodus.gui.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Changes another bundle's configuration the way a user would: the keys are rewritten in {@code <data>/etc/<pid>.cfg}
 * (other lines kept, so the change survives restarts and FileInstall agrees with it), and the configuration is
 * updated through ConfigurationAdmin at once so that it applies before the request returns.
 */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The configuration's current properties (empty when there is none); creates nothing. */
    static Map<String, Object> read(ConfigurationAdmin admin, String pid) {
        Map<String, Object> out = new HashMap<>();
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Dictionary<String, Object> d = found[0].getProperties();
                for (String k : Collections.list(d.keys())) {
                    out.put(k, d.get(k));
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read configuration " + pid + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Applies {@code changes} (values as text) to {@code pid}, in its file under {@code etcDir} and in ConfigAdmin. */
    static void update(ConfigurationAdmin admin, Path etcDir, String pid, Map<String, String> changes)
            throws IOException {
        writeFile(etcDir.resolve(pid + ".cfg"), changes, pid);
        Configuration config = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        Dictionary<String, Object> current = config.getProperties();
        if (current != null) {
            for (String k : Collections.list(current.keys())) {
                props.put(k, current.get(k));
            }
        }
        changes.forEach(props::put);
        config.update(props);
    }

    static void writeFile(Path file, Map<String, String> changes, String pid) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
        if (lines.isEmpty()) {
            lines.add("# " + pid + ": applied live; also written by the web UI.");
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException(e.getKey() + " must be one line");
            }
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
        Path tmp = file.getParent().resolveSibling("." + file.getFileName() + ".gui.tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** java.util.Properties escaping of a value (FileInstall reads .cfg files as properties). */
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
