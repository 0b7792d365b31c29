package io.nodus.crypto.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.nodus.api.crypto.RotationLimits;
import io.nodus.api.identity.PeerId;

/**
 * The validated form of {@link CryptoConfig}. A configuration that fails validation is rejected whole, so a
 * malformed file or remote request never half-applies.
 */
record CryptoSettings(String mode, List<String> allowed, Set<PeerId> admins, ProviderLossPolicy onProviderLoss,
        RotationLimits rotation, Duration handover, Duration exchangeTimeout) {

    /** What happens to a session whose mode provider went away for good. */
    enum ProviderLossPolicy {
        RENEGOTIATE,
        CLOSE
    }

    static final Pattern MODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final int MAX_ALLOWED = 16;
    static final int MAX_ADMINS = 64;
    static final Duration MAX_HANDOVER = Duration.ofMinutes(10);
    static final Duration MAX_EXCHANGE_TIMEOUT = Duration.ofMinutes(5);

    CryptoSettings {
        allowed = List.copyOf(allowed);
        admins = Set.copyOf(admins);
    }

    static CryptoSettings defaults() {
        return new CryptoSettings("symmetric", List.of("asymmetric"), Set.of(), ProviderLossPolicy.RENEGOTIATE,
                new RotationLimits(1_000_000L, 1L << 30, Duration.ofHours(1)), Duration.ofSeconds(30),
                Duration.ofSeconds(20));
    }

    /**
     * Validates configuration properties (the keys of {@link CryptoConfig}; absent keys take their defaults).
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    static CryptoSettings parse(Map<String, ?> p) {
        CryptoSettings d = defaults();
        String mode = modeId(text(p, "encryption.mode", d.mode()), "encryption.mode");
        List<String> allowed = new ArrayList<>();
        for (String m : split(text(p, "encryption.allowed", String.join(",", d.allowed())))) {
            String id = modeId(m, "encryption.allowed");
            if (!id.equals(mode) && !allowed.contains(id)) {
                allowed.add(id);
            }
        }
        if (allowed.size() > MAX_ALLOWED) {
            throw new IllegalArgumentException("encryption.allowed lists more than " + MAX_ALLOWED + " modes");
        }
        Set<PeerId> admins = new LinkedHashSet<>();
        for (String a : split(text(p, "encryption.admins", ""))) {
            try {
                admins.add(PeerId.parse(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("encryption.admins: " + e.getMessage());
            }
        }
        if (admins.size() > MAX_ADMINS) {
            throw new IllegalArgumentException("encryption.admins lists more than " + MAX_ADMINS + " peers");
        }
        String policyText = text(p, "encryption.onProviderLoss", "renegotiate").trim();
        ProviderLossPolicy policy;
        try {
            policy = ProviderLossPolicy.valueOf(policyText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encryption.onProviderLoss '" + policyText
                    + "' is neither renegotiate nor close");
        }
        long messages = number(p, "rotation.messages", d.rotation().messages());
        long bytes = number(p, "rotation.bytes", d.rotation().bytes());
        long seconds = number(p, "rotation.seconds", d.rotation().age().toSeconds());
        RotationLimits rotation;
        try {
            rotation = new RotationLimits(messages, bytes, Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rotation.*: " + e.getMessage());
        }
        Duration handover = bounded(number(p, "handover.seconds", d.handover().toSeconds()), MAX_HANDOVER,
                "handover.seconds");
        Duration timeout = bounded(number(p, "exchange.timeoutSeconds", d.exchangeTimeout().toSeconds()),
                MAX_EXCHANGE_TIMEOUT, "exchange.timeoutSeconds");
        return new CryptoSettings(mode, allowed, admins, policy, rotation, handover, timeout);
    }

    private static String text(Map<String, ?> p, String key, String fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String[] a) {
            return String.join(",", a);
        }
        if (v instanceof java.util.Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static long number(Map<String, ?> p, String key, long fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a whole number");
        }
    }

    /** The settings as configuration properties (what SetEncryptionConfig and crypto:mode write back). */
    Map<String, Object> toProperties() {
        return Map.of("encryption.mode", mode,
                "encryption.allowed", String.join(",", allowed),
                "encryption.admins", String.join(",", admins.stream().map(PeerId::toString).toList()),
                "encryption.onProviderLoss", onProviderLoss.name().toLowerCase(Locale.ROOT),
                "rotation.messages", rotation.messages(),
                "rotation.bytes", rotation.bytes(),
                "rotation.seconds", rotation.age().toSeconds(),
                "handover.seconds", handover.toSeconds(),
                "exchange.timeoutSeconds", exchangeTimeout.toSeconds());
    }

    static String modeId(String value, String what) {
        String id = value == null ? "" : value.trim();
        if (!MODE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + ": '" + id + "' is not a mode id (lower-case letters, digits,"
                    + " '-'; at most 32)");
        }
        return id;
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static Duration bounded(long seconds, Duration max, String what) {
        if (seconds < 1 || seconds > max.toSeconds()) {
            throw new IllegalArgumentException(what + " must be 1.." + max.toSeconds() + ", not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
