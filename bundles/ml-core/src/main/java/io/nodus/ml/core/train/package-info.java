/**
 * The service that trains and evaluates a model on local data, hiding the deep learning engine.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.ml.core.train;
