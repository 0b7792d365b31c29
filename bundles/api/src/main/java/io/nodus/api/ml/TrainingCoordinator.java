package io.nodus.api.ml;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** The aggregator's side of federated training: runs rounds over the connected workers. */
@ProviderType
public interface TrainingCoordinator {

    /**
     * Starts a run in the background.
     *
     * @throws IllegalStateException    when a run is already going
     * @throws IllegalArgumentException when the options name an unknown model, partition, rule or compression
     */
    TrainingStatus start(TrainingOptions options);

    /** Stops the current run after checkpointing it; returns the final status. */
    TrainingStatus stop();

    TrainingStatus status();

    /** Writes a checkpoint of the current state now; returns its file. */
    Path checkpoint() throws IOException;
}
