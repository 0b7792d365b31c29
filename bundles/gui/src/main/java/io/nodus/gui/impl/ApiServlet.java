package io.nodus.gui.impl;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.nodus.gui.impl.ApiResponses.ApiException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/*}: the UI's JSON API. Reads are GETs; changes are POSTs with form-encoded fields (a file is the raw
 * body). Every refusal is a status with {@code {"error": "..."}} that the page shows as it is.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect("(" + GuiContext.SELECT_NAME + "=" + GuiContext.NAME + ")")
@HttpWhiteboardServletPattern("/api/*")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Uploads being handed to the chat service at once, and waiting. */
    static final int UPLOAD_THREADS = 2;
    static final int UPLOAD_QUEUE = 16;

    private final transient StateView state;
    private final transient ChatRoutes chat;
    private final transient ControlRoutes control;
    private final transient ThreadPoolExecutor uploads;

    @Activate
    public ApiServlet(@Reference StateView state, @Reference NodeServices services, @Reference ContactBook contacts,
            @Reference ProxyControl proxy, @Reference TrainingBoard training, @Reference GuiEndpoint endpoint,
            @Reference EventHub hub, @Reference ConfigurationAdmin configAdmin, BundleContext context) {
        this.state = state;
        this.uploads = new ThreadPoolExecutor(UPLOAD_THREADS, UPLOAD_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(UPLOAD_QUEUE), r -> {
                    Thread t = new Thread(r, "nodus-gui-upload");
                    t.setDaemon(true);
                    return t;
                });
        this.uploads.allowCoreThreadTimeOut(true);
        this.chat = new ChatRoutes(services, contacts, endpoint, hub, uploads);
        this.control = new ControlRoutes(services, proxy, training, state, configAdmin);
    }

    @Deactivate
    void deactivate() {
        uploads.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = path(req);
        try {
            switch (path) {
                case "/state" -> ApiResponses.ok(res, state.full());
                case "/chat/history" -> chat.history(req, res);
                case "/chat/download" -> chat.download(req, res);
                case "/training" -> ApiResponses.ok(res, control.training());
                case "/proxy" -> ApiResponses.ok(res, state.proxy());
                default -> ApiResponses.error(res, HttpServletResponse.SC_NOT_FOUND, "no such API: GET " + path);
            }
        } catch (ApiException e) {
            ApiResponses.error(res, e.status, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = path(req);
        try {
            if (path.equals("/chat/file")) {
                chat.upload(req, res);
                return;
            }
            Form form = Form.of(req, state);
            switch (path) {
                case "/chat/send" -> chat.send(form, res);
                case "/chat/typing" -> chat.typing(form, res);
                case "/chat/read" -> chat.read(form, res);
                case "/chat/open" -> chat.open(form, res);
                case "/chat/rekey" -> chat.rekey(form, res);
                case "/chat/group" -> chat.group(form, res);
                case "/chat/verify" -> chat.verify(form, res);
                case "/crypto/mode" -> control.cryptoMode(form, res);
                case "/network/connect" -> control.connect(form, res);
                case "/proxy" -> control.proxy(form, res);
                case "/proxy/tor" -> control.tor(form, res);
                case "/training/start" -> control.startTraining(form, res);
                case "/training/stop" -> control.stopTraining(res);
                case "/training/target" -> control.trainingTarget(form, res);
                default -> ApiResponses.error(res, HttpServletResponse.SC_NOT_FOUND, "no such API: POST " + path);
            }
        } catch (ApiException e) {
            ApiResponses.error(res, e.status, e.getMessage());
        }
    }

    private static String path(HttpServletRequest req) {
        String p = req.getPathInfo();
        return p == null ? "" : p;
    }
}
