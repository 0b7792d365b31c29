package io.nodus.node.impl;

import java.util.Locale;
import java.util.Set;

/**
 * The validated form of {@link NodeConfig}. A configuration that fails validation is rejected as a
 * whole, so a malformed {@code .cfg} never half-applies.
 */
record NodeSettings(String name, String logLevel) {

    static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
    static final int MAX_NAME_LENGTH = 64;

    static NodeSettings validate(NodeConfig config, String profile) {
        String name = config.name() == null ? "" : config.name().trim();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException("name contains control characters");
        }
        String level = config.logLevel() == null ? "" : config.logLevel().trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("logLevel '" + config.logLevel() + "' is not one of " + LEVELS);
        }
        return new NodeSettings(name.isEmpty() ? profile : name, level);
    }
}
