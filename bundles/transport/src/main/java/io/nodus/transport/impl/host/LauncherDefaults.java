package io.nodus.transport.impl.host;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;

import org.osgi.framework.BundleContext;

/**
 * {@code ./nodus start --listen/--bootstrap/--no-mdns} reach the host as framework properties
 * {@code nodus.listen}, {@code nodus.bootstrap} (comma-separated multiaddrs) and {@code nodus.mdns}
 * (true/false). They take the place of the built-in defaults; a value set in
 * {@code etc/io.nodus.transport.cfg} still wins.
 */
final class LauncherDefaults {

    static final String LISTEN_PROPERTY = "nodus.listen";
    static final String BOOTSTRAP_PROPERTY = "nodus.bootstrap";
    static final String MDNS_PROPERTY = "nodus.mdns";

    private LauncherDefaults() {
    }

    static HostConfig apply(HostConfig config, Map<String, Object> configured, BundleContext context) {
        String[] listen = fromLauncher(context, LISTEN_PROPERTY, configured, "listen");
        String[] bootstrap = fromLauncher(context, BOOTSTRAP_PROPERTY, configured, "bootstrap");
        String[] mdns = fromLauncher(context, MDNS_PROPERTY, configured, "mdnsEnabled");
        if (listen == null && bootstrap == null && mdns == null) {
            return config;
        }
        return (HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(), new Class<?>[] {HostConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listen" -> listen != null ? listen.clone() : config.listen();
                    case "bootstrap" -> bootstrap != null ? bootstrap.clone() : config.bootstrap();
                    case "mdnsEnabled" -> mdns != null ? Boolean.parseBoolean(mdns[0]) : config.mdnsEnabled();
                    default -> method.invoke(config, args);
                });
    }

    private static String[] fromLauncher(BundleContext context, String property, Map<String, Object> configured,
            String key) {
        // bnd writes the annotation defaults into the component properties, so a key counts as configured only
        // when a ConfigAdmin configuration (service.pid) supplies it.
        if (configured == null || context == null
                || (configured.containsKey("service.pid") && configured.containsKey(key))) {
            return null;
        }
        String value = context.getProperty(property);
        if (value == null || value.isBlank()) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
