/**
 * The running node: its profile, data directory and configuration, and the metrics whiteboard
 * ({@link io.nodus.api.node.MetricsSource}) through which bundles publish figures.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.nodus.api.node;
