package io.nodus.api.ml;

/**
 * A worker's view of its participation.
 *
 * @param state        {@code idle}, {@code waiting}, {@code training}, {@code submitting} or {@code stopped}
 * @param runId        the run joined (empty when none)
 * @param aggregator   peer ID of the aggregator it works for (empty when none)
 * @param modelVersion version of the last global model received
 * @param samples      training samples held (sum of its shards)
 * @param updatesSent  updates submitted in this run
 * @param lastLoss     training loss of the last local round
 * @param lastAccuracy training accuracy of the last local round
 */
public record WorkerStatus(String state, String runId, String aggregator, int modelVersion, long samples,
        int updatesSent, double lastLoss, double lastAccuracy) {
}
