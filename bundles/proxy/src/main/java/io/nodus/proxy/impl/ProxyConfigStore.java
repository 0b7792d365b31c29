package io.nodus.proxy.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.node.ConfigFile;
import io.nodus.api.node.NodeInfo;

/**
 * Changes {@code io.nodus.proxy} on behalf of the shell and the admin protocol: validates the result, rewrites the
 * keys in {@code <data>/etc/io.nodus.proxy.cfg} (other lines kept, so it survives restarts and FileInstall agrees)
 * and updates the configuration at once so the change applies before the call returns.
 */
@Component(service = ProxyConfigStore.class)
public final class ProxyConfigStore {

    /** Keys that may be changed through the shell or remotely ({@code admins} only by editing the file). */
    static final List<String> CHANGEABLE = List.of(ProxySettings.USE_TOR, ProxySettings.PROXY, ProxySettings.FALLBACK);

    private final ConfigurationAdmin configAdmin;
    private final NodeInfo node;
    private final BundleContext context;

    @Activate
    public ProxyConfigStore(@Reference ConfigurationAdmin configAdmin, @Reference NodeInfo node,
            BundleContext context) {
        this.configAdmin = configAdmin;
        this.node = node;
        this.context = context;
    }

    Path file() {
        return node.dataDir().resolve("etc").resolve(ProxyConfig.PID + ".cfg");
    }

    /**
     * Applies {@code changes} (keys of {@link #CHANGEABLE}, values as text).
     *
     * @return the settings now in force
     * @throws IllegalArgumentException when a key is not changeable or the result is not valid
     */
    public synchronized ProxySettings update(Map<String, String> changes) throws IOException {
        for (String key : changes.keySet()) {
            if (!CHANGEABLE.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' cannot be changed here (changeable: "
                        + String.join(", ", CHANGEABLE) + ")");
            }
        }
        Configuration config = configAdmin.getConfiguration(ProxyConfig.PID, "?");
        Map<String, Object> merged = new HashMap<>();
        Dictionary<String, Object> current = config.getProperties();
        if (current != null) {
            for (String k : Collections.list(current.keys())) {
                merged.put(k, current.get(k));
            }
        }
        merged.putAll(changes);
        ProxySettings next = ProxySettings.from(merged, context::getProperty);
        Map<String, String> normalized = new LinkedHashMap<>(changes);
        if (changes.containsKey(ProxySettings.PROXY)) {
            normalized.put(ProxySettings.PROXY, next.proxy().map(ProxyUrl::toConfigText).orElse(ProxyUrl.NONE));
        }
        ConfigFile.update(file(), normalized, "Outbound routing (" + ProxyConfig.PID + "); applied live. Written by"
                + " proxy:set and proxy-admin.");
        Dictionary<String, Object> props = new Hashtable<>();
        merged.putAll(normalized);
        merged.forEach(props::put);
        config.update(props);
        return next;
    }
}
