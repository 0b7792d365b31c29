package io.nodus.proxy.impl;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.nodus.api.identity.PeerId;

/**
 * The validated routing settings: each key from the configuration when it sets it, else from the framework property
 * the launcher passes ({@code nodus.useTor}, {@code nodus.proxy}, {@code nodus.allowDirectFallback},
 * {@code nodus.proxy.admins}), else the default.
 */
public record ProxySettings(boolean useTor, Optional<ProxyUrl> proxy, boolean allowDirectFallback, Set<PeerId> admins,
        int healthCheckSeconds) {

    static final String USE_TOR = "useTor";
    static final String PROXY = "proxy";
    static final String FALLBACK = "allowDirectFallback";
    static final String ADMINS = "admins";
    static final String HEALTH = "healthCheckSeconds";

    /** Configuration key to framework property. */
    static final Map<String, String> FRAMEWORK_PROPERTIES = Map.of(
            USE_TOR, "nodus.useTor",
            PROXY, "nodus.proxy",
            FALLBACK, "nodus.allowDirectFallback",
            ADMINS, "nodus.proxy.admins");

    static final int MIN_HEALTH_SECONDS = 1;
    static final int MAX_HEALTH_SECONDS = 3600;

    public static ProxySettings defaults() {
        return new ProxySettings(false, Optional.empty(), false, Set.of(), 10);
    }

    /** @throws IllegalArgumentException naming the key and what is wrong with it */
    public static ProxySettings from(Map<String, ?> config, UnaryOperator<String> frameworkProperty) {
        boolean useTor = bool(USE_TOR, value(config, frameworkProperty, USE_TOR, "false"));
        Optional<ProxyUrl> proxy;
        try {
            proxy = ProxyUrl.parseOptional(value(config, frameworkProperty, PROXY, ProxyUrl.NONE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROXY + ": " + e.getMessage(), e);
        }
        boolean fallback = bool(FALLBACK, value(config, frameworkProperty, FALLBACK, "false"));
        Set<PeerId> admins = new LinkedHashSet<>();
        for (String id : value(config, frameworkProperty, ADMINS, "").split("[,\\s]+")) {
            if (!id.isEmpty()) {
                try {
                    admins.add(PeerId.parse(id));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(ADMINS + ": " + e.getMessage(), e);
                }
            }
        }
        String healthText = value(config, frameworkProperty, HEALTH, "10");
        int health;
        try {
            health = Integer.parseInt(healthText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEALTH + ": '" + healthText + "' is not a number");
        }
        if (health < MIN_HEALTH_SECONDS || health > MAX_HEALTH_SECONDS) {
            throw new IllegalArgumentException(HEALTH + " must be " + MIN_HEALTH_SECONDS + ".." + MAX_HEALTH_SECONDS);
        }
        return new ProxySettings(useTor, proxy, fallback, Set.copyOf(admins), health);
    }

    private static String value(Map<String, ?> config, UnaryOperator<String> frameworkProperty, String key,
            String fallback) {
        Object v = config.get(key);
        if (v instanceof String[] a) {
            v = String.join(",", a);
        }
        if (v != null) {
            return v.toString();
        }
        String fp = FRAMEWORK_PROPERTIES.containsKey(key) ? frameworkProperty.apply(FRAMEWORK_PROPERTIES.get(key)) : null;
        return fp == null || fp.isBlank() ? fallback : fp;
    }

    private static boolean bool(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + text + "' is not true or false");
        };
    }

    /** One line per setting, password hidden. */
    public String describe() {
        return "useTor:              " + useTor + "\n"
                + "proxy:               " + proxy.map(ProxyUrl::toString).orElse(ProxyUrl.NONE) + "\n"
                + "allowDirectFallback: " + allowDirectFallback + "\n"
                + "admins:              " + (admins.isEmpty() ? "(none)" : admins.stream().map(PeerId::toString)
                        .reduce((a, b) -> a + "," + b).orElse(""));
    }
}
