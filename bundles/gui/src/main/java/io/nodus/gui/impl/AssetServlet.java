package io.nodus.gui.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page and its scripts and styles, from the bundle's {@code /static} folder: nothing from elsewhere, so the UI
 * works offline, and a Content-Security-Policy that lets the page load nothing but its own files.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect("(" + GuiContext.SELECT_NAME + "=" + GuiContext.NAME + ")")
@HttpWhiteboardServletPattern("/")
public final class AssetServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /** Every file served, by its path: nothing else is reachable. */
    static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html;charset=utf-8",
            "/app.js", "text/javascript;charset=utf-8",
            "/ui.js", "text/javascript;charset=utf-8",
            "/chat.js", "text/javascript;charset=utf-8",
            "/network.js", "text/javascript;charset=utf-8",
            "/training.js", "text/javascript;charset=utf-8",
            "/style.css", "text/css;charset=utf-8",
            "/icon.svg", "image/svg+xml");

    private final transient BundleContext context;

    @Activate
    public AssetServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        String type = FILES.get(path);
        URL url = type == null ? null : context.getBundle().getEntry("static" + path);
        if (url == null) {
            ApiResponses.error(res, HttpServletResponse.SC_NOT_FOUND, "not found: " + path);
            return;
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType(type);
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("Content-Security-Policy", CSP);
        try (InputStream in = url.openStream()) {
            in.transferTo(res.getOutputStream());
        }
    }
}
