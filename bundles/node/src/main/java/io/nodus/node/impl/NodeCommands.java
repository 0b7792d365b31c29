package io.nodus.node.impl;

import java.time.Duration;
import java.time.Instant;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.node.NodeInfo;

/** Shell commands {@code node:info} and {@code node:stop}. */
@Component(service = NodeCommands.class, property = {
        "osgi.command.scope=node",
        "osgi.command.function=info",
        "osgi.command.function=stop"})
public class NodeCommands {

    static final long STOP_DELAY_MILLIS = 200;

    @Reference
    private NodeInfo node;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show this node's name, profile, data directory and uptime")
    public String info() {
        Duration up = Duration.between(node.startedAt(), Instant.now());
        return "name:     " + node.name() + "\n"
                + "profile:  " + node.profile() + "\n"
                + "data:     " + node.dataDir() + "\n"
                + "uptime:   " + up.toSeconds() + " s\n"
                + "bundles:  " + context.getBundles().length;
    }

    @Descriptor("stop this node (the framework shuts down cleanly)")
    public String stop() {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(STOP_DELAY_MILLIS); // lets this command's reply reach the shell client first
                context.getBundle(0).stop();
            } catch (BundleException e) {
                System.err.println("nodus: stop failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nodus-stop");
        stopper.start();
        return "stopping";
    }
}
