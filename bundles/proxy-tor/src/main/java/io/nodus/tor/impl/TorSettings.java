package io.nodus.tor.impl;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Validated Tor settings: each key from the configuration ({@code io.nodus.tor}, plus {@code useTor} of
 * {@code io.nodus.proxy}), else from the framework property {@code nodus.tor.<key>} ({@code nodus.useTor}), else
 * the default.
 *
 * @param mode the effective mode ({@code auto} already decided)
 */
public record TorSettings(Mode mode, InetSocketAddress socks, InetSocketAddress control, String controlPassword,
        String cookieFile, String binary, String torrcFragment, boolean onionService, int onionPort,
        int statusCheckSeconds, int newnymMinutes, int startTimeoutSeconds, boolean useTor) {

    public enum Mode { OFF, ATTACH, MANAGED }

    static final int MAX_CHECK_SECONDS = 3600;

    /** @throws IllegalArgumentException naming the key and what is wrong */
    public static TorSettings from(Map<String, ?> config, UnaryOperator<String> fw) {
        boolean useTor = bool("useTor", text(config, fw, "useTor", "nodus.useTor", "false"));
        InetSocketAddress socks = hostPort("socks", text(config, fw, "socks", "nodus.tor.socks", ""));
        InetSocketAddress control = hostPort("control", text(config, fw, "control", "nodus.tor.control", ""));
        String modeText = text(config, fw, "mode", "nodus.tor.mode", "auto").trim().toLowerCase(Locale.ROOT);
        Mode mode = switch (modeText) {
            case "auto" -> control != null ? Mode.ATTACH : useTor ? Mode.MANAGED : Mode.OFF;
            case "attach" -> Mode.ATTACH;
            case "managed" -> Mode.MANAGED;
            case "off" -> Mode.OFF;
            default -> throw new IllegalArgumentException("mode: '" + modeText + "' is not auto, attach, managed or off");
        };
        if (mode == Mode.ATTACH && control == null) {
            throw new IllegalArgumentException("control: attach mode needs tor's control port (host:port)");
        }
        int onionPort = number("onionPort", text(config, fw, "onionPort", null, "4001"), 1, 65535);
        int check = number("statusCheckSeconds", text(config, fw, "statusCheckSeconds", null, "5"), 1,
                MAX_CHECK_SECONDS);
        int newnym = number("newnymMinutes", text(config, fw, "newnymMinutes", null, "0"), 0, 7 * 24 * 60);
        int start = number("startTimeoutSeconds", text(config, fw, "startTimeoutSeconds", null, "30"), 1, 600);
        return new TorSettings(mode, socks, control,
                text(config, fw, "controlPassword", "nodus.tor.controlPassword", ""),
                text(config, fw, "cookieFile", "nodus.tor.cookieFile", ""),
                text(config, fw, "binary", "nodus.tor.binary", "tor"),
                text(config, fw, "torrcFragment", "nodus.tor.torrcFragment", ""),
                bool("onionService", text(config, fw, "onionService", "nodus.tor.onionService", "true")),
                onionPort, check, newnym, start, useTor);
    }

    /** True when switching from {@code before} to this needs a new control connection (or a new tor). */
    boolean needsReconnect(TorSettings before) {
        return before == null || mode != before.mode || !same(socks, before.socks) || !same(control, before.control)
                || !controlPassword.equals(before.controlPassword) || !cookieFile.equals(before.cookieFile)
                || !binary.equals(before.binary) || !torrcFragment.equals(before.torrcFragment);
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String text(Map<String, ?> config, UnaryOperator<String> fw, String key, String property,
            String fallback) {
        Object v = config.get(key);
        if (v != null) {
            return v.toString().trim();
        }
        String p = property == null ? null : fw.apply(property);
        return p == null || p.isBlank() ? fallback : p.trim();
    }

    /** {@code host:port} or {@code [v6]:port}; empty gives null. Loopback literals need no lookup. */
    static InetSocketAddress hostPort(String key, String text) {
        if (text.isEmpty()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = number(key, text.substring(colon + 1), 1, 65535);
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int number(String key, String text, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + ": " + v + " is not in " + min + ".." + max);
        }
        return v;
    }

    private static boolean bool(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + text + "' is not true or false");
        };
    }

    static String text(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String h = a.getHostString();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "mode=" + mode.name().toLowerCase(Locale.ROOT) + (socks == null ? "" : " socks=" + text(socks))
                + (control == null ? "" : " control=" + text(control))
                + (controlPassword.isEmpty() ? "" : " controlPassword=***");
    }
}
