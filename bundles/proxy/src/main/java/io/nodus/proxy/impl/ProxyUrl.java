package io.nodus.proxy.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import io.nodus.api.proxy.ProxyRoute;

/**
 * A SOCKS5 proxy as configured: {@code socks5://[user:pass@]host:port} ({@code socks5h://} is accepted as the
 * same thing: names always go to the proxy unresolved). User name and password are percent-decoded; an IPv6 host
 * is written in brackets. {@code none} or an empty text means no proxy.
 *
 * @param host     proxy host, as written (IP literal or name; IPv6 without brackets)
 * @param port     proxy port
 * @param username RFC 1929 user name or {@code ""}
 * @param password RFC 1929 password or {@code ""}
 */
public record ProxyUrl(String host, int port, String username, String password) {

    static final String NONE = "none";
    private static final String[] SCHEMES = {"socks5://", "socks5h://"};

    /** @return empty for {@code none} or blank text */
    public static Optional<ProxyUrl> parseOptional(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        return Optional.of(parse(text.trim()));
    }

    /** @throws IllegalArgumentException saying what is wrong with the URL (the password is never echoed) */
    public static ProxyUrl parse(String text) {
        String rest = null;
        for (String scheme : SCHEMES) {
            if (text.toLowerCase(Locale.ROOT).startsWith(scheme)) {
                rest = text.substring(scheme.length());
            }
        }
        if (rest == null) {
            throw new IllegalArgumentException("proxy URL must look like socks5://[user:pass@]host:port");
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String user = "";
        String pass = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("proxy URL user info must be user:password");
            }
            user = percentDecode(info.substring(0, colon));
            pass = percentDecode(info.substring(colon + 1));
            if (user.isEmpty() || pass.isEmpty()) {
                throw new IllegalArgumentException("proxy URL user name and password must not be empty");
            }
        }
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("proxy URL IPv6 host must be [address]:port");
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("proxy URL needs a port: socks5://host:port");
            }
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("proxy URL IPv6 host must be in brackets: [address]:port");
            }
        }
        if (host.isEmpty() || host.indexOf('/') >= 0) {
            throw new IllegalArgumentException("proxy URL has no valid host");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("proxy URL port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy URL port must be 1..65535, not " + port);
        }
        ProxyRoute.socks5(ProxyRoute.SOCKS5, host, port, user, pass); // RFC 1929 length checks
        return new ProxyUrl(host, port, user, pass);
    }

    public ProxyRoute route() {
        return ProxyRoute.socks5(ProxyRoute.SOCKS5, host, port, username, password);
    }

    /** The full URL, password included, percent-encoded: what goes into the configuration file. */
    public String toConfigText() {
        return "socks5://" + (username.isEmpty() ? "" : percentEncode(username) + ":" + percentEncode(password) + "@")
                + hostPort();
    }

    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "socks5://" + (username.isEmpty() ? "" : username + ":***@") + hostPort();
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("proxy URL has a truncated %-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("proxy URL has an invalid %-escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
