package io.nodus.ml.core.train;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.ModelWeights;

/**
 * Trains and evaluates image classifiers on local data. Implementations hide the engine (ml-djl embeds DJL with
 * MXNet); callers see only weights as plain arrays. Thread-safe; calls may run concurrently.
 */
@ProviderType
public interface ModelTrainer {

    /** Freshly initialised weights of {@code architecture}, deterministic for a seed. */
    ModelWeights initialWeights(Architecture architecture, long seed);

    /** Trains from {@code start} on {@code data}; returns the new weights and training loss/accuracy. */
    TrainResult train(Architecture architecture, ModelWeights start, LabeledImages data, TrainSettings settings);

    /** Loss and accuracy of {@code weights} on {@code data}. */
    Evaluation evaluate(Architecture architecture, ModelWeights weights, LabeledImages data);
}
