package io.nodus.metrics.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;
import io.nodus.api.node.NodeInfo;

/** Which node this is (profile, name), how long it has run, and its bundles by state. */
@Component(service = MetricsSource.class)
public class NodeMetrics implements MetricsSource {

    @Reference
    private NodeInfo node;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public void collect(MetricsWriter w) {
        w.gauge("nodus_node_info", "This node: profile and name", Map.of("profile", node.profile(), "name", node.name()), 1);
        w.gauge("nodus_node_uptime_seconds", "Time since the node's framework finished starting in seconds",
                JvmMetrics.seconds(Duration.between(node.startedAt(), Instant.now())));
        int active = 0;
        int other = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.ACTIVE) {
                active++;
            } else {
                other++;
            }
        }
        w.gauge("nodus_node_bundles", "Installed bundles by state", Map.of("state", "active"), active);
        w.gauge("nodus_node_bundles", "Installed bundles by state", Map.of("state", "other"), other);
    }
}
