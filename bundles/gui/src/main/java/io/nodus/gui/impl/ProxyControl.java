package io.nodus.gui.impl;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.gui.impl.ApiResponses.ApiException;

/**
 * How outbound connections leave the node, for the network page: the settings of {@code io.nodus.proxy} and
 * {@code io.nodus.tor} (read from ConfigAdmin, falling back to the framework properties the launcher sets, as those
 * bundles do), one status line (direct, SOCKS5, Tor bootstrapping / ready, failed-closed) and changes to both PIDs.
 * The proxy bundles validate again and stay on their old settings when they reject a value.
 */
@Component(service = ProxyControl.class)
public final class ProxyControl {

    static final String PROXY_PID = "io.nodus.proxy";
    static final String TOR_PID = "io.nodus.tor";
    static final List<String> TOR_MODES = List.of("auto", "attach", "managed", "off");

    private final ConfigurationAdmin configAdmin;
    private final NodeServices services;
    private final BundleContext context;

    @Activate
    public ProxyControl(@Reference ConfigurationAdmin configAdmin, @Reference NodeServices services,
            BundleContext context) {
        this.configAdmin = configAdmin;
        this.services = services;
        this.context = context;
    }

    /** The settings as the proxy bundles read them, with the proxy password never included. */
    record Settings(boolean useTor, String proxy, String proxyUser, boolean hasPassword, boolean allowDirectFallback,
            String torMode, String torSocks, String torControl) {
    }

    Settings settings() {
        Map<String, Object> p = ConfigFiles.read(configAdmin, PROXY_PID);
        Map<String, Object> t = ConfigFiles.read(configAdmin, TOR_PID);
        String url = value(p, "proxy", "nodus.proxy", "none");
        String display = "";
        String user = "";
        boolean hasPassword = false;
        if (!url.isBlank() && !url.equalsIgnoreCase("none")) {
            ParsedProxy parsed = ParsedProxy.parse(url);
            display = parsed.withoutCredentials();
            user = parsed.user();
            hasPassword = !parsed.password().isEmpty();
        }
        return new Settings(bool(value(p, "useTor", "nodus.useTor", "false")), display, user, hasPassword,
                bool(value(p, "allowDirectFallback", "nodus.allowDirectFallback", "false")),
                value(t, "mode", "nodus.tor.mode", "auto"), value(t, "socks", "nodus.tor.socks", ""),
                value(t, "control", "nodus.tor.control", ""));
    }

    private String value(Map<String, Object> config, String key, String property, String fallback) {
        Object v = config.get(key);
        if (v != null) {
            return v.toString().trim();
        }
        String fp = context.getProperty(property);
        return fp == null || fp.isBlank() ? fallback : fp.trim();
    }

    static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            default -> false;
        };
    }

    /** The indicator: what the routing policy does now, in the words of the network page. */
    Map<String, Object> status() {
        Settings s = settings();
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<OutboundRouter> router = services.router();
        ProxyStatus policy = router.map(OutboundRouter::status).orElse(null);
        Map<String, ProxyStatus> providers = new LinkedHashMap<>();
        for (Map.Entry<String, ProxyProvider> e : services.providers()) {
            providers.put(e.getKey(), e.getValue().status());
        }
        String wanted = s.useTor() ? ProxyRoute.TOR : s.proxy().isEmpty() ? ProxyRoute.DIRECT : ProxyRoute.SOCKS5;
        String label;
        String level;
        String name = wanted.equals(ProxyRoute.TOR) ? "Tor" : "SOCKS5";
        ProxyStatus p = providers.get(wanted);
        // From the settings in force, not the policy's own status: the policy applies a change a moment later.
        if (router.isEmpty()) {
            label = "direct (no routing policy installed)";
            level = "warn";
        } else if (wanted.equals(ProxyRoute.DIRECT)) {
            label = "direct";
            level = "ok";
        } else if (p != null && p.isUp()) {
            label = wanted.equals(ProxyRoute.TOR) ? "Tor: ready" : "SOCKS5: " + s.proxy();
            level = "ok";
        } else if (s.allowDirectFallback()) {
            label = name + " unavailable: direct fallback";
            level = "warn";
        } else if (p != null && p.state() == ProxyStatus.State.STARTING) {
            label = name + ": bootstrapping, failed-closed";
            level = "warn";
        } else {
            label = name + ": failed-closed";
            level = "bad";
        }
        out.put("label", label);
        out.put("level", level);
        out.put("wanted", wanted);
        out.put("policy", policy == null ? null : statusJson(policy));
        List<Object> list = new java.util.ArrayList<>();
        providers.forEach((n, st) -> list.add(statusJson(st).with("name", n)));
        out.put("providers", list);
        out.put("settings", s);
        return out;
    }

    private static Json.JsonObject statusJson(ProxyStatus s) {
        return Json.object().with("source", s.source()).with("state", s.state()).with("detail", s.detail())
                .with("since", s.since());
    }

    /** Turns Tor on or off (the switch on the network page). */
    void setTor(boolean on) throws IOException {
        ConfigFiles.update(configAdmin, etc(), PROXY_PID, Map.of("useTor", Boolean.toString(on)));
    }

    /**
     * Applies the configuration dialog: the proxy URL without credentials, user name and password (a blank password
     * keeps the one in force when the user name is unchanged), Tor mode and the attach addresses, the fallback
     * policy.
     */
    void apply(Map<String, String> form) throws IOException, ApiException {
        Settings now = settings();
        Map<String, String> proxy = new LinkedHashMap<>();
        if (form.containsKey("useTor")) {
            proxy.put("useTor", Boolean.toString(bool(form.get("useTor"))));
        }
        if (form.containsKey("allowDirectFallback")) {
            proxy.put("allowDirectFallback", Boolean.toString(bool(form.get("allowDirectFallback"))));
        }
        if (form.containsKey("proxy")) {
            String url = form.get("proxy").trim();
            if (url.isEmpty() || url.equalsIgnoreCase("none")) {
                proxy.put("proxy", "none");
            } else {
                ParsedProxy parsed;
                try {
                    parsed = ParsedProxy.parse(url);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("proxy: " + e.getMessage());
                }
                String user = form.getOrDefault("proxyUser", parsed.user()).trim();
                String password = form.getOrDefault("proxyPassword", "");
                if (password.isEmpty() && !user.isEmpty() && user.equals(now.proxyUser())) {
                    password = currentPassword();
                }
                if (user.isEmpty() != password.isEmpty()) {
                    throw ApiException.badRequest("proxy: user name and password go together");
                }
                if (user.getBytes(StandardCharsets.UTF_8).length > ProxyRoute.MAX_CREDENTIAL_BYTES
                        || password.getBytes(StandardCharsets.UTF_8).length > ProxyRoute.MAX_CREDENTIAL_BYTES) {
                    throw ApiException.badRequest("proxy: user name and password are at most "
                            + ProxyRoute.MAX_CREDENTIAL_BYTES + " bytes each (RFC 1929)");
                }
                proxy.put("proxy", parsed.withCredentials(user, password));
            }
        }
        Map<String, String> tor = new LinkedHashMap<>();
        if (form.containsKey("torMode")) {
            String mode = form.get("torMode").trim().toLowerCase(Locale.ROOT);
            if (!TOR_MODES.contains(mode)) {
                throw ApiException.badRequest("Tor mode must be one of " + TOR_MODES);
            }
            tor.put("mode", mode);
        }
        for (String key : List.of("torSocks", "torControl")) {
            if (form.containsKey(key)) {
                String v = form.get(key).trim();
                if (!v.isEmpty() && !v.matches("(\\[[0-9A-Fa-f:.]+\\]|[0-9A-Za-z.\\-]+):[0-9]{1,5}")) {
                    throw ApiException.badRequest(key + ": '" + v + "' is not host:port");
                }
                tor.put(key.equals("torSocks") ? "socks" : "control", v);
            }
        }
        if ("attach".equals(tor.getOrDefault("mode", now.torMode()))
                && tor.getOrDefault("control", now.torControl()).isEmpty()) {
            throw ApiException.badRequest("Tor attach mode needs tor's control port (host:port)");
        }
        if (form.containsKey("torControlPassword") && !form.get("torControlPassword").isEmpty()) {
            tor.put("controlPassword", form.get("torControlPassword"));
        }
        // Tor settings first: turning useTor on with mode auto would otherwise start a managed tor for a moment.
        if (!tor.isEmpty()) {
            ConfigFiles.update(configAdmin, etc(), TOR_PID, tor);
        }
        if (!proxy.isEmpty()) {
            ConfigFiles.update(configAdmin, etc(), PROXY_PID, proxy);
        }
    }

    private String currentPassword() {
        Object v = ConfigFiles.read(configAdmin, PROXY_PID).get("proxy");
        String url = v != null ? v.toString() : Optional.ofNullable(context.getProperty("nodus.proxy")).orElse("");
        return url.isBlank() || url.equalsIgnoreCase("none") ? "" : ParsedProxy.parse(url).password();
    }

    private Path etc() {
        return services.node().dataDir().resolve("etc");
    }

    /** {@code socks5://[user:pass@]host:port}, credentials percent-encoded. */
    record ParsedProxy(String host, int port, String user, String password) {

        static ParsedProxy parse(String text) {
            String t = text.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("socks5://") && !lower.startsWith("socks5h://")) {
                throw new IllegalArgumentException("must look like socks5://host:port");
            }
            URI u;
            try {
                u = URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: " + e.getMessage().replaceAll(":[^:@/]*@", ":***@"));
            }
            if (u.getHost() == null || u.getPort() < 1 || u.getPort() > 65535) {
                throw new IllegalArgumentException("needs a host and a port 1..65535");
            }
            if (u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getRawQuery() != null) {
                throw new IllegalArgumentException("has no path or query: socks5://host:port");
            }
            String user = "";
            String pass = "";
            String info = u.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("user info must be user:password");
                }
                user = URLDecoder.decode(info.substring(0, colon), StandardCharsets.UTF_8);
                pass = URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            }
            String host = u.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new ParsedProxy(host, u.getPort(), user, pass);
        }

        private String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        String withoutCredentials() {
            return "socks5://" + hostPort();
        }

        String withCredentials(String u, String p) {
            if (u.isEmpty()) {
                return withoutCredentials();
            }
            return "socks5://" + enc(u) + ":" + enc(p) + "@" + hostPort();
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
