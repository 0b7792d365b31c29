package io.nodus.gui.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/events}: the live-update stream of one page (server-sent events). It starts with a {@code hello}
 * event naming this node's run (so a page sees that the node restarted), then relays the hub's events, with a
 * comment line every {@value #KEEPALIVE_SECONDS} s so that idle connections stay open and dead ones are noticed.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect("(" + GuiContext.SELECT_NAME + "=" + GuiContext.NAME + ")")
@HttpWhiteboardServletPattern("/api/events")
public final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final int KEEPALIVE_SECONDS = 15;
    /** Browsers wait this long before reconnecting a dropped stream. */
    static final int RETRY_MILLIS = 1500;

    private final transient EventHub hub;
    private final transient GuiEndpoint endpoint;
    private final transient StateView state;

    @Activate
    public EventStreamServlet(@Reference EventHub hub, @Reference GuiEndpoint endpoint, @Reference StateView state) {
        this.hub = hub;
        this.endpoint = endpoint;
        this.state = state;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        EventHub.Subscriber sub = hub.subscribe(endpoint.settings().maxEventStreams());
        if (sub == null) {
            ApiResponses.error(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "too many open pages (maxEventStreams in " + GuiConfig.PID + ")");
            return;
        }
        try {
            res.setStatus(HttpServletResponse.SC_OK);
            res.setContentType("text/event-stream;charset=utf-8");
            res.setHeader("Cache-Control", "no-store");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            write(out, "retry: " + RETRY_MILLIS + "\n" + EventHub.frame(0, "hello", Json.write(state.hello())));
            while (!sub.isDropped() && !hub.isClosed()) {
                String frame = sub.next(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                write(out, frame != null ? frame : ": keepalive\n\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away: nothing to answer
        } finally {
            hub.unsubscribe(sub);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
