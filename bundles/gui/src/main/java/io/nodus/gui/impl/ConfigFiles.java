package io.nodus.gui.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.nodus.api.node.ConfigFile;

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
        ConfigFile.update(etcDir.resolve(pid + ".cfg"), changes, pid + ": applied live; also written by the web UI.");
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
}
