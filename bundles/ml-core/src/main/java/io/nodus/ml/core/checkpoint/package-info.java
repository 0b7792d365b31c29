/**
 * Checkpoints of a training run (global model, round, strategy state) written atomically and read back.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.ml.core.checkpoint;
