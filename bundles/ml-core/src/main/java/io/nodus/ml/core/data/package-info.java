/**
 * Labelled image data: the IDX file format, shards and how a training set is partitioned among clients.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.ml.core.data;
