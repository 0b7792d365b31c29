package io.nodus.metrics.impl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the endpoint listens, validated. The configuration file wins; a key it does not set is taken from the
 * framework property {@code nodus.metrics.<key>}; then the default applies (the same as in {@link MetricsConfig}).
 */
record MetricsSettings(String bind, int port) {

    static final String PROPERTY_PREFIX = "nodus.metrics.";
    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 0;
    static final int MAX_PORT = 65535;

    /**
     * @param configured the component properties: a key is present only when a configuration sets it (the
     *                   component takes no {@link MetricsConfig} parameter, so bnd adds no defaults to them)
     * @param framework  framework/system property lookup (returns null when unset)
     * @throws IllegalArgumentException for a port out of range or an address that is not an IP literal
     */
    static MetricsSettings resolve(Map<String, ?> configured, UnaryOperator<String> framework) {
        String bind = value(configured, framework, "bind", DEFAULT_BIND);
        String portText = value(configured, framework, "port", Integer.toString(DEFAULT_PORT));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + portText + "' is not a number");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " is not in 0.." + MAX_PORT);
        }
        if (!isIpLiteral(bind)) {
            throw new IllegalArgumentException("bind '" + bind + "' is not an IPv4 or IPv6 address");
        }
        return new MetricsSettings(bind, port);
    }

    private static String value(Map<String, ?> configured, UnaryOperator<String> framework, String key, String fallback) {
        Object v = configured.get(key);
        if (v != null) {
            return v.toString().trim();
        }
        String p = framework.apply(PROPERTY_PREFIX + key);
        return p == null || p.isBlank() ? fallback : p.trim();
    }

    InetSocketAddress socketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address did not parse: " + bind, e);
        }
    }

    /** True for IPv4 dotted quads and IPv6 literals; host names are refused so nothing is looked up. */
    static boolean isIpLiteral(String text) {
        if (text.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (text.contains(":") && text.matches("[0-9a-fA-F:.]+")) {
            try {
                InetAddress.getByName(text); // a literal: parsed, never resolved
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

}
