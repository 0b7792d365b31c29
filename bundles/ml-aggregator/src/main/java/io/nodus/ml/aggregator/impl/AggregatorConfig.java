package io.nodus.ml.aggregator.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Nodus ML aggregator", description = "Federated learning coordinator (PID io.nodus.ml.aggregator)")
public @interface AggregatorConfig {

    String PID = "io.nodus.ml.aggregator";

    @AttributeDefinition(description = "Directory with the IDX files (train-*, t10k-*), gzipped or not")
    String datasetDir() default "/usr/share/datasets/fashion-mnist";

    @AttributeDefinition(description = "Test-set images the global model is evaluated on after every round")
    int testSamples() default 10000;

    @AttributeDefinition(description = "A worker silent for this long is declared dead, in milliseconds")
    long heartbeatTimeoutMillis() default 10000;

    @AttributeDefinition(description = "Longest a GET_MODEL_UPDATE long-poll is held open, in milliseconds")
    long pollTimeoutMillis() default 20000;

    @AttributeDefinition(description = "Asynchronous mode: updates merged per global step (0: half the clients)")
    int asyncBuffer() default 0;

    @AttributeDefinition(description = "Asynchronous mode: updates staler than this many versions are discarded")
    int maxStaleness() default 8;

    @AttributeDefinition(description = "Relay mode: another aggregator may recruit this one (with its workers) into "
            + "its run, merging this aggregator's partial FedAvg")
    boolean relay() default false;

    @AttributeDefinition(description = "Peer IDs allowed to start and stop runs remotely over /nodus/ml/1.0.0")
    String[] controllers() default {};
}
