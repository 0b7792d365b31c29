/**
 * Model weights and their compact binary wire format (fp32, fp16, int8, top-k sparse) with error feedback.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.ml.core.tensor;
