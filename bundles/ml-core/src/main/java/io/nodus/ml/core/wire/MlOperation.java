package io.nodus.ml.core.wire;

/** Operations of {@code /nodus/ml/1.0.0}; each stream carries one request and one reply. */
public enum MlOperation {
    /** aggregator to worker: a data shard to train on (body: encoded image set). */
    DISTRIBUTE_DATASET(1),
    /** aggregator to worker: join a run (headers: run, model, hyper-parameters, compression). */
    START_TRAINING(2),
    /** either way: leave / end a run. */
    STOP_TRAINING(3),
    /** either way: the callee's status as headers. */
    GET_STATUS(4),
    /** worker to aggregator: long-poll for a global model newer than the one held (body: fp32 tensors). */
    GET_MODEL_UPDATE(5),
    /** worker to aggregator: a signed update (body: encoded tensors). */
    SUBMIT_GRADIENT(6),
    /** worker to aggregator: still alive. */
    HEARTBEAT(7),
    /** reply: success. */
    OK(64),
    /** reply: refused or failed (header {@code reason}). */
    ERROR(65);

    final int code;

    MlOperation(int code) {
        this.code = code;
    }

    static MlOperation ofCode(int code) throws MlProtocolException {
        for (MlOperation o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new MlProtocolException("unknown operation " + code);
    }
}
