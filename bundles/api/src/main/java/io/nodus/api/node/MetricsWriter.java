package io.nodus.api.node;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the figures of one scrape from {@link MetricsSource}s. A metric family is a name with one type and one
 * help text; it may have several samples that differ in their labels. Samples of one family may come from several
 * calls (and sources): the writer groups them.
 * <p>
 * Names follow Prometheus: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, prefixed {@code nodus_}, with the unit as suffix
 * ({@code _bytes}, {@code _seconds}); counter names end in {@code _total}. Label names are
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}; label values are any text. Every method throws
 * {@link IllegalArgumentException} for a malformed name or label name, and when a family is written with a type
 * other than the one it was first written with.
 */
@ProviderType
public interface MetricsWriter {

    /** A value that can go up and down (connections open now, heap used). */
    MetricsWriter gauge(String name, String help, double value);

    /** A labelled gauge sample, e.g. {@code nodus_p2p_connections{route="tor"}}. */
    MetricsWriter gauge(String name, String help, Map<String, String> labels, double value);

    /** A value that only grows while the process lives (messages sent since start); name ends in {@code _total}. */
    MetricsWriter counter(String name, String help, double value);

    /** A labelled counter sample. */
    MetricsWriter counter(String name, String help, Map<String, String> labels, double value);
}
