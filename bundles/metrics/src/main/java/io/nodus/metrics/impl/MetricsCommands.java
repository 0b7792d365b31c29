package io.nodus.metrics.impl;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Shell commands {@code metrics:show} and {@code metrics:url}. */
@Component(service = MetricsCommands.class, property = {
    "osgi.command.scope=metrics",
    "osgi.command.function=show",
    "osgi.command.function=url"
})
public final class MetricsCommands {

    private final MetricsEndpoint endpoint;

    @Activate
    public MetricsCommands(@Reference MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Descriptor("every metric of this node, as a scrape would return it")
    public String show() {
        return endpoint.scrape().stripTrailing();
    }

    @Descriptor("the metrics whose name starts with a prefix, e.g. nodus_p2p")
    public String show(@Descriptor("name prefix") String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : endpoint.scrape().split("\n")) {
            String name = line.startsWith("# ") ? line.split(" ", 4)[2] : line.split("[{ ]", 2)[0];
            if (name.startsWith(prefix)) {
                out.add(line);
            }
        }
        return out.isEmpty() ? "no metric starts with " + prefix : String.join("\n", out);
    }

    @Descriptor("where this node serves its metrics")
    public String url() {
        return endpoint.describe();
    }
}
