package io.nodus.node.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.node.NodeInfo;

/**
 * The node itself: profile and data directory come from the launcher (framework properties
 * {@code nodus.profile}, {@code nodus.data}); name and log level from configuration, applied live.
 */
@Component(configurationPid = NodeConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeConfig.class)
public class NodeRuntime implements NodeInfo {

    static final String PROFILE_PROPERTY = "nodus.profile";
    static final String DATA_PROPERTY = "nodus.data";

    @Reference(service = LoggerFactory.class)
    private Logger log;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerAdmin loggerAdmin;

    private String profile;
    private Path dataDir;
    private volatile NodeSettings settings;
    private final Instant startedAt = Instant.now();

    @Activate
    void activate(BundleContext context, NodeConfig config) throws IOException {
        profile = property(context, PROFILE_PROPERTY, "standalone");
        dataDir = Path.of(property(context, DATA_PROPERTY, System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        try {
            settings = NodeSettings.validate(config, profile);
        } catch (IllegalArgumentException e) {
            // A bad file at start still lets the node come up, on defaults, and says so.
            log.error("rejected configuration {}: {}; using defaults", NodeConfig.PID, e.getMessage());
            settings = new NodeSettings(profile, "INFO");
        }
        applyLogLevel();
        log.info("node {} profile={} data={}", settings.name(), profile, dataDir);
    }

    @Modified
    void modified(NodeConfig config) {
        try {
            NodeSettings next = NodeSettings.validate(config, profile);
            settings = next;
            applyLogLevel();
            log.info("configuration {} applied: name={} logLevel={}", NodeConfig.PID, next.name(), next.logLevel());
        } catch (IllegalArgumentException e) {
            log.error("rejected configuration {}: {}; keeping the last good one (name={}, logLevel={})",
                    NodeConfig.PID, e.getMessage(), settings.name(), settings.logLevel());
        }
    }

    @Deactivate
    void deactivate() {
        log.info("node {} stopping", settings.name());
    }

    private void applyLogLevel() {
        LoggerAdmin admin = loggerAdmin;
        if (admin != null) {
            admin.getLoggerContext(null)
                    .setLogLevels(Map.of(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, LogLevel.valueOf(settings.logLevel())));
        }
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String profile() {
        return profile;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    String logLevel() {
        return settings.logLevel();
    }
}
