/**
 * Checkpoints of a training run (global model, round, strategy state, the asynchronous buffer) written atomically
 * and read back.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.ml.core.checkpoint;
