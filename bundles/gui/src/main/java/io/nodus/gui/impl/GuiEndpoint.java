package io.nodus.gui.impl;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

import io.nodus.api.node.NodeInfo;

/**
 * The web UI's endpoint: owns the access token, decides address and port from {@link GuiConfig}, puts them into
 * the HTTP server's configuration (Felix HTTP Jetty, PID {@value #HTTP_PID}, which the profile starts disabled so
 * nothing listens before this decides), and prints {@code NODUS GUI http://<host>:<port>/?token=<token>} on stdout
 * once the server runs there: a line the user can open as it is.
 */
@Component(immediate = true, service = GuiEndpoint.class, configurationPid = GuiConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GuiConfig.class)
public final class GuiEndpoint {

    static final String HTTP_PID = "org.apache.felix.http";
    static final String URL_PREFIX = "NODUS GUI ";

    private static final System.Logger LOG = System.getLogger(GuiEndpoint.class.getName());

    private final NodeInfo node;
    private final ConfigurationAdmin configAdmin;
    private final AccessToken token;
    private final BundleContext context;
    private volatile GuiSettings settings = GuiSettings.defaults();
    private volatile int port;
    private volatile String announced = "";
    private final Map<HttpServiceRuntime, List<String>> runtimes = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public GuiEndpoint(@Reference NodeInfo node, @Reference ConfigurationAdmin configAdmin, BundleContext context,
            Map<String, Object> config) {
        this.node = node;
        this.configAdmin = configAdmin;
        this.context = context;
        try {
            this.token = AccessToken.load(node.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the GUI token in " + node.dataDir(), e);
        }
        apply(config, true);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config, false);
    }

    @Deactivate
    void deactivate() {
        if (context.getBundle(0).getState() == Bundle.STOPPING) {
            return; // the whole node stops: the HTTP server goes too, and its configuration with the next start
        }
        try {
            Configuration c = configAdmin.getConfiguration(HTTP_PID, "?");
            c.delete();
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "could not withdraw the HTTP server configuration: {0}", e.getMessage());
        }
    }

    private void apply(Map<String, Object> config, boolean first) {
        GuiSettings before = settings;
        try {
            settings = GuiSettings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "rejected configuration {0}: {1}; keeping {2}", GuiConfig.PID, e.getMessage(),
                    before);
            if (!first) {
                return;
            }
        }
        GuiSettings now = settings;
        if (!first && now.bindAddress().equals(before.bindAddress()) && now.port() == before.port()) {
            return;
        }
        try {
            port = PortChoice.choose(now.bindAddress(), now.port(), node.dataDir(), first ? 0 : port);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("org.apache.felix.http.enable", Boolean.TRUE);
            props.put("org.apache.felix.https.enable", Boolean.FALSE);
            props.put("org.apache.felix.http.host", now.bindAddress());
            props.put("org.osgi.service.http.port", port);
            props.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
            configAdmin.getConfiguration(HTTP_PID, "?").update(props);
            LOG.log(Level.INFO, "web UI on {0}:{1} (token in {2})", now.bindAddress(), Integer.toString(port),
                    node.dataDir().resolve(AccessToken.FILE));
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot start the web UI on {0}: {1}", now.bindAddress(), e.getMessage());
        }
        announce();
    }

    // ---- the HTTP runtime(s) that serve the whiteboard ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRuntime", updated = "updatedRuntime")
    void addRuntime(HttpServiceRuntime runtime, Map<String, Object> properties) {
        runtimes.put(runtime, endpoints(properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT)));
        announce();
    }

    void updatedRuntime(HttpServiceRuntime runtime, Map<String, Object> properties) {
        addRuntime(runtime, properties);
    }

    void removeRuntime(HttpServiceRuntime runtime) {
        runtimes.remove(runtime);
    }

    static List<String> endpoints(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof java.util.Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    /** Prints the URL line once the server listens on the chosen port (again only when the URL changes). */
    private synchronized void announce() {
        int p = port;
        if (p == 0) {
            return;
        }
        boolean listening = runtimes.values().stream().flatMap(List::stream).anyMatch(e -> portOf(e) == p);
        if (!listening) {
            return;
        }
        String url = url();
        if (url.equals(announced)) {
            return;
        }
        announced = url;
        PrintStream out = System.out;
        out.println(URL_PREFIX + url);
        out.flush();
    }

    static int portOf(String endpoint) {
        try {
            return URI.create(endpoint.trim()).getPort();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The URL a user on this machine opens: a wildcard bind is reached through loopback. */
    String url() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port + "/?token=" + token.value();
    }

    GuiSettings settings() {
        return settings;
    }

    AccessToken token() {
        return token;
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return node.dataDir();
    }
}
