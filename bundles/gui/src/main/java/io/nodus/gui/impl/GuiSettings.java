package io.nodus.gui.impl;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Validated {@link GuiConfig}: each key from the configuration when it sets it, else from the framework property
 * {@code nodus.gui.<key>}, else the default.
 */
record GuiSettings(String bindAddress, int port, long maxFileBytes, int maxMessageBytes, int maxEventStreams) {

    static final String PROPERTY_PREFIX = "nodus.gui.";
    static final int MAX_STREAMS = 256;

    static GuiSettings defaults() {
        return new GuiSettings("127.0.0.1", 0, 64L << 20, 16 * 1024, 16);
    }

    /** @throws IllegalArgumentException naming the key and what is wrong with it */
    static GuiSettings from(Map<String, ?> config, UnaryOperator<String> frameworkProperty) {
        GuiSettings d = defaults();
        String bind = text(config, frameworkProperty, "bindAddress", d.bindAddress()).trim();
        if (bind.isEmpty() || !bind.matches("[0-9A-Za-z.:\\-\\[\\]%]+")) {
            throw new IllegalArgumentException("bindAddress: '" + bind + "' is not an address");
        }
        int port = (int) number(config, frameworkProperty, "port", d.port(), 0, 65535);
        long file = number(config, frameworkProperty, "maxFileBytes", d.maxFileBytes(), 1, 1L << 30);
        int message = (int) number(config, frameworkProperty, "maxMessageBytes", d.maxMessageBytes(), 1, 1 << 20);
        int streams = (int) number(config, frameworkProperty, "maxEventStreams", d.maxEventStreams(), 1, MAX_STREAMS);
        return new GuiSettings(bind, port, file, message, streams);
    }

    private static String text(Map<String, ?> config, UnaryOperator<String> fw, String key, String fallback) {
        Object v = config.get(key);
        if (v != null) {
            return v.toString();
        }
        String p = fw.apply(PROPERTY_PREFIX + key);
        return p == null || p.isBlank() ? fallback : p;
    }

    private static long number(Map<String, ?> config, UnaryOperator<String> fw, String key, long fallback, long min,
            long max) {
        String t = text(config, fw, key, Long.toString(fallback)).trim();
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + t + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + ": " + v + " is not in " + min + ".." + max);
        }
        return v;
    }
}
