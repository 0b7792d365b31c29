package io.nodus.node.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.nodus.api.node.NodeInfo;

/**
 * On SIGTERM/SIGINT the JVM runs shutdown hooks: this one stops the framework (so every component
 * deactivates and flushes) and waits for it, bounded. Also keeps {@code <data>/run/node.pid}.
 */
@Component
public class GracefulShutdown {

    static final long STOP_WAIT_MILLIS = 4_000;

    @Reference
    private NodeInfo node;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private Thread hook;
    private Path pidFile;

    @Activate
    void activate(BundleContext context) throws IOException {
        Path run = Files.createDirectories(node.dataDir().resolve("run"));
        pidFile = run.resolve("node.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Framework framework = (Framework) context.getBundle(0);
        hook = new Thread(() -> stop(framework), "nodus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_WAIT_MILLIS);
        } catch (BundleException | InterruptedException | RuntimeException e) {
            System.err.println("nodus: framework did not stop cleanly: " + e);
        }
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it is what stops us
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", pidFile, e.getMessage());
        }
    }
}
