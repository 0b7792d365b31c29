package io.nodus.api.ml;

import org.osgi.annotation.versioning.ProviderType;

/** A worker node's training participation, for shells and GUIs. */
@ProviderType
public interface TrainingWorker {

    WorkerStatus status();
}
