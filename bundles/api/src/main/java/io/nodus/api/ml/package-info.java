/**
 * Federated learning roles: training coordinator (aggregator) and worker.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.api.ml;
