package io.nodus.ml.core.train;

/**
 * Local training hyper-parameters.
 *
 * @param epochs       passes over the local data (E)
 * @param batchSize    minibatch size (B)
 * @param learningRate SGD learning rate
 * @param seed         shuffling seed
 */
public record TrainSettings(int epochs, int batchSize, float learningRate, long seed) {

    public TrainSettings {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1 and the learning rate > 0");
        }
    }
}
