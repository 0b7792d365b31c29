package io.nodus.gui.impl;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The UI's servlet context: every request must carry the node's token, as {@code ?token=} (the URL the node
 * prints), as {@code Authorization: Bearer}, or as the cookie set when the URL was opened; anything else gets an
 * empty 401. Requests that change something must also come from the UI's own origin (no cross-site form posts).
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE,
        property = "service.ranking:Integer=100")
@HttpWhiteboardContext(name = GuiContext.NAME, path = "/")
public final class GuiContext extends ServletContextHelper {

    static final String NAME = "io.nodus.gui";
    static final String SELECT_NAME = "osgi.http.whiteboard.context.name";
    static final String TOKEN_PARAMETER = "token";

    private final GuiEndpoint endpoint;
    private final String cookieName;

    @Activate
    public GuiContext(@Reference GuiEndpoint endpoint) {
        this.endpoint = endpoint;
        this.cookieName = cookieName(endpoint.token().value());
    }

    /** Per node (two nodes on one host share cookies across ports), derived from the token without revealing it. */
    static String cookieName(String token) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("cookie:" + token).getBytes(StandardCharsets.UTF_8));
            return "nodus-gui-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean handleSecurity(HttpServletRequest req, HttpServletResponse res) throws IOException {
        AccessToken token = endpoint.token();
        String fromQuery = queryToken(req.getQueryString());
        boolean ok = token.matches(fromQuery) || token.matches(bearer(req.getHeader("Authorization")))
                || token.matches(cookie(req));
        if (!ok) {
            deny(res, HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }
        if (!isSafe(req.getMethod()) && !sameOrigin(req)) {
            deny(res, HttpServletResponse.SC_FORBIDDEN);
            return false;
        }
        if (fromQuery != null && token.matches(fromQuery)) {
            res.addHeader("Set-Cookie", cookieName + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
        }
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Frame-Options", "DENY");
        return true;
    }

    /** Status only: no body, no hint. */
    private static void deny(HttpServletResponse res, int status) throws IOException {
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(0);
        res.flushBuffer();
    }

    static String queryToken(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(TOKEN_PARAMETER)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }

    private String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (cookieName.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** Browsers send Origin on every cross-origin and every POST request; without one the caller is not a page. */
    static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        String host = req.getHeader("Host");
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
