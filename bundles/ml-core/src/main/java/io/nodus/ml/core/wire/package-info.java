/**
 * Framing of the {@code /nodus/ml/1.0.0} protocol: typed frames, chunked hash-verified blobs, signed updates,
 * the round history of a status reply.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.ml.core.wire;
