/**
 * Aggregation rules that combine client updates: FedAvg, coordinate-wise median, trimmed mean, Krum; staleness weights for asynchronous training.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.ml.core.aggregate;
