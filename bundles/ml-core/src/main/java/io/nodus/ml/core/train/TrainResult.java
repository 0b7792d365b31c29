package io.nodus.ml.core.train;

import io.nodus.ml.core.tensor.ModelWeights;

/**
 * @param weights  weights after local training
 * @param samples  training samples seen per epoch
 * @param loss     mean training loss of the last epoch
 * @param accuracy training accuracy of the last epoch
 */
public record TrainResult(ModelWeights weights, long samples, double loss, double accuracy) {
}
