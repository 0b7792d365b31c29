package io.nodus.ml.core.train;

/**
 * @param loss     mean cross-entropy
 * @param accuracy fraction classified correctly
 * @param samples  number of samples evaluated
 */
public record Evaluation(double loss, double accuracy, long samples) {
}
