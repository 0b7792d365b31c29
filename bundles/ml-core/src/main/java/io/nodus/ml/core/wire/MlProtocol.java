package io.nodus.ml.core.wire;

/** Protocol id and header names of the federated learning protocol. */
public final class MlProtocol {

    public static final String ID = "/nodus/ml/1.0.0";

    public static final String RUN = "run";
    public static final String ROLE = "role";
    public static final String MODEL = "model";
    public static final String EPOCHS = "epochs";
    public static final String BATCH = "batch";
    public static final String LEARNING_RATE = "lr";
    public static final String COMPRESSION = "compression";
    public static final String SEED = "seed";
    public static final String MODE = "mode";
    /** Model version: rounds completed (sync) or global updates applied (async). */
    public static final String VERSION = "version";
    /** GET_MODEL_UPDATE: the version the worker already has (-1: none). */
    public static final String HAVE = "have";
    public static final String SAMPLES = "samples";
    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String SIGNATURE = "signature";
    public static final String SHARD = "shard";
    public static final String STATE = "state";

    /** Reply states of GET_MODEL_UPDATE when no model is attached. */
    public static final String STATE_WAIT = "wait";
    public static final String STATE_DONE = "done";

    public static final String ROLE_WORKER = "worker";
    public static final String ROLE_AGGREGATOR = "aggregator";

    private MlProtocol() {
    }
}
