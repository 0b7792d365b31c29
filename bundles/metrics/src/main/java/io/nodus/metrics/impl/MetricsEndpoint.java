package io.nodus.metrics.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.NodeInfo;

/**
 * Serves the figures of every {@link MetricsSource} service over HTTP in the Prometheus text format, on
 * {@code bind:port} from {@link MetricsConfig}, and writes the bound port to {@code <data>/run/metrics.port} so
 * that scripts find a node's endpoint when the port was picked at random. Configuration changes rebind live; a
 * rejected configuration keeps the endpoint as it was. The configuration is read from the raw properties, not
 * through {@link MetricsConfig} (which only describes it for Metatype): bnd would copy that type's defaults into the
 * component description, and a key the file does not set could then not fall back to the framework property.
 */
@Component(service = MetricsEndpoint.class, immediate = true, configurationPid = MetricsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetricsConfig.class)
public class MetricsEndpoint {

    static final String PORT_FILE = "metrics.port";
    static final String SOURCE_ERRORS = "nodus_metrics_source_errors_total";
    static final String SOURCE_ERRORS_HELP = "Source collections that failed since start";

    @Reference
    private NodeInfo node;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<MetricsSource> sources;

    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong sourceErrors = new AtomicLong();
    private BundleContext context;
    private volatile MetricsSettings settings;
    private volatile MetricsHttpServer server;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        MetricsSettings wanted;
        try {
            wanted = MetricsSettings.resolve(properties, context::getProperty);
        } catch (IllegalArgumentException e) {
            log.error("rejected configuration {}: {}; using the loopback address and a free port", MetricsConfig.PID,
                    e.getMessage());
            wanted = new MetricsSettings(MetricsSettings.DEFAULT_BIND, MetricsSettings.DEFAULT_PORT);
        }
        open(wanted);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        MetricsSettings wanted;
        try {
            wanted = MetricsSettings.resolve(properties, context::getProperty);
        } catch (IllegalArgumentException e) {
            log.error("rejected configuration {}: {}; keeping {}", MetricsConfig.PID, e.getMessage(), describe());
            return;
        }
        if (!wanted.equals(settings) || server == null) {
            close();
            open(wanted);
        }
    }

    @Deactivate
    void deactivate() {
        close();
    }

    private void open(MetricsSettings wanted) {
        settings = wanted;
        MetricsHttpServer s;
        try {
            s = MetricsHttpServer.start(wanted.socketAddress(), this::scrape);
        } catch (IOException e) {
            log.error("metrics endpoint could not bind {}:{}: {}", wanted.bind(), wanted.port(), e.getMessage());
            return;
        }
        server = s;
        log.info("metrics at http://{}{}", hostPort(s), MetricsHttpServer.PATH);
        try {
            writePortFile(s.port());
        } catch (IOException e) {
            log.error("could not write {}: {}", portFile(), e.getMessage());
        }
    }

    private void close() {
        MetricsHttpServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        try {
            Files.deleteIfExists(portFile());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", portFile(), e.getMessage());
        }
    }

    /**
     * Renders one scrape: every source in turn; a source that fails loses its figures for this scrape only. The
     * endpoint's own families are written first, so no source can take their names with another type.
     */
    String scrape() {
        PrometheusTextWriter writer = new PrometheusTextWriter();
        List<MetricsSource> current = sources;
        writer.gauge("nodus_metrics_sources", "Metrics sources registered", current.size());
        writer.counter("nodus_metrics_scrapes_total", "Scrapes served since start", scrapes.incrementAndGet());
        writer.counter(SOURCE_ERRORS, SOURCE_ERRORS_HELP, sourceErrors.get());
        for (MetricsSource source : current) {
            try {
                source.collect(writer);
            } catch (RuntimeException e) {
                sourceErrors.incrementAndGet();
                log.warn("metrics source {} failed: {}", source.getClass().getName(), e.toString());
            }
        }
        writer.counter(SOURCE_ERRORS, SOURCE_ERRORS_HELP, sourceErrors.get()); // now with this scrape's failures
        return writer.render();
    }

    /** The bound port, while the endpoint is up. */
    Optional<Integer> port() {
        MetricsHttpServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.port());
    }

    /** {@code http://host:port/metrics}, or why there is none. */
    String describe() {
        MetricsHttpServer s = server;
        return s == null ? "no endpoint (wanted " + settings.bind() + ":" + settings.port() + ")"
                : "http://" + hostPort(s) + MetricsHttpServer.PATH;
    }

    private static String hostPort(MetricsHttpServer s) {
        String host = s.address().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + s.port();
    }

    private Path portFile() {
        return node.dataDir().resolve("run").resolve(PORT_FILE);
    }

    private void writePortFile(int port) throws IOException {
        Path file = portFile();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(PORT_FILE + ".tmp");
        Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
