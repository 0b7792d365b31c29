package io.nodus.api.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How one outbound TCP connection leaves the node: directly, through a SOCKS5 proxy (a plain proxy or Tor's
 * SocksPort), or not at all. Through SOCKS5 the target's host name ({@code .onion} included) is sent to the proxy
 * unresolved: the node makes no DNS lookup of its own.
 *
 * @param kind      direct, through SOCKS5, or refused
 * @param via       what carries the connection, recorded in
 *                  {@link io.nodus.api.transport.PeerConnection#route()}: {@code direct}, {@code socks5}, {@code tor};
 *                  for a refusal, the provider or policy that refused
 * @param proxyHost SOCKS5 proxy host (an IP literal or a name the proxy address is given as), else {@code ""}
 * @param proxyPort SOCKS5 proxy port, else 0
 * @param username  RFC 1929 user name, {@code ""} for no authentication
 * @param password  RFC 1929 password, {@code ""} for no authentication
 * @param reason    why the connection is refused ({@code ""} unless {@link Kind#REFUSED})
 */
public record ProxyRoute(Kind kind, String via, String proxyHost, int proxyPort, String username, String password,
        String reason) {

    /** RFC 1929 section 2: user name and password are 1 to 255 bytes each. */
    public static final int MAX_CREDENTIAL_BYTES = 255;

    /** Route names as {@link #via()} gives them. */
    public static final String DIRECT = "direct";
    public static final String SOCKS5 = "socks5";
    public static final String TOR = "tor";

    public enum Kind { DIRECT, SOCKS5, REFUSED }

    private static final ProxyRoute DIRECT_ROUTE = new ProxyRoute(Kind.DIRECT, DIRECT, "", 0, "", "", "");

    public ProxyRoute {
        Objects.requireNonNull(kind, "kind");
        via = Objects.requireNonNullElse(via, "");
        proxyHost = Objects.requireNonNullElse(proxyHost, "");
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        reason = Objects.requireNonNullElse(reason, "");
        if (kind == Kind.SOCKS5) {
            if (proxyHost.isEmpty() || proxyPort < 1 || proxyPort > 65535) {
                throw new IllegalArgumentException("SOCKS5 route needs a proxy host and a port 1..65535, not '"
                        + proxyHost + "':" + proxyPort);
            }
            if (username.isEmpty() != password.isEmpty()) {
                throw new IllegalArgumentException("SOCKS5 user name and password go together");
            }
            checkCredential("user name", username);
            checkCredential("password", password);
        }
        if (kind == Kind.REFUSED && reason.isEmpty()) {
            throw new IllegalArgumentException("a refused route needs a reason");
        }
    }

    public static ProxyRoute direct() {
        return DIRECT_ROUTE;
    }

    /** Through a SOCKS5 proxy; {@code username}/{@code password} empty or null for no authentication. */
    public static ProxyRoute socks5(String via, String proxyHost, int proxyPort, String username, String password) {
        return new ProxyRoute(Kind.SOCKS5, via, proxyHost, proxyPort, username, password, "");
    }

    /** No connection at all, for the given reason (shown to whoever dialed). */
    public static ProxyRoute refused(String via, String reason) {
        return new ProxyRoute(Kind.REFUSED, via, "", 0, "", "", reason);
    }

    public boolean isDirect() {
        return kind == Kind.DIRECT;
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }

    public boolean hasCredentials() {
        return !username.isEmpty();
    }

    /** The route without its password, e.g. {@code tor via socks5://127.0.0.1:9050}. */
    @Override
    public String toString() {
        return switch (kind) {
            case DIRECT -> DIRECT;
            case REFUSED -> "refused by " + via + ": " + reason;
            case SOCKS5 -> via + " via socks5://" + (hasCredentials() ? username + ":***@" : "")
                    + (proxyHost.indexOf(':') >= 0 ? "[" + proxyHost + "]" : proxyHost) + ":" + proxyPort;
        };
    }

    private static void checkCredential(String what, String value) {
        int n = value.getBytes(StandardCharsets.UTF_8).length;
        if (n > MAX_CREDENTIAL_BYTES) {
            throw new IllegalArgumentException("SOCKS5 " + what + " is " + n + " bytes, longer than "
                    + MAX_CREDENTIAL_BYTES + " (RFC 1929)");
        }
    }
}
