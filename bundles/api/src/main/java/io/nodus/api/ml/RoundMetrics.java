package io.nodus.api.ml;

/**
 * What one round achieved.
 *
 * @param round         1-based round (sync) or model version (async)
 * @param participants  updates aggregated into it
 * @param accuracy      test-set accuracy of the new global model
 * @param loss          test-set cross-entropy of the new global model
 * @param bytesSent     bytes the aggregator sent during the round (models, shards)
 * @param bytesReceived bytes the aggregator received (updates)
 * @param roundMillis   wall time of the round
 */
public record RoundMetrics(int round, int participants, double accuracy, double loss, long bytesSent,
        long bytesReceived, long roundMillis) {
}
