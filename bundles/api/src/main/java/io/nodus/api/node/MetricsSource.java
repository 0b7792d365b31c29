package io.nodus.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a bundle that has figures to show registers a service of this type; the metrics endpoint calls
 * every registered source on each scrape and serves what they wrote in the Prometheus text format. Uninstalling
 * the bundle removes its figures. Sources need no metrics library: they only call {@link MetricsWriter}.
 * <p>
 * {@link #collect} runs on the scrape thread: it must be quick and must not block on the network. A source that
 * throws loses its figures for that scrape only.
 */
@ConsumerType
public interface MetricsSource {

    /** Writes this source's current figures. */
    void collect(MetricsWriter writer);
}
