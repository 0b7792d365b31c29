package io.nodus.ml.worker.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Nodus ML worker", description = "Federated learning worker (PID io.nodus.ml.worker)")
public @interface WorkerConfig {

    String PID = "io.nodus.ml.worker";

    @AttributeDefinition(description = "Interval of heartbeats to the aggregator, in milliseconds")
    long heartbeatMillis() default 1000;

    @AttributeDefinition(description = "Pause before retrying a failed call to the aggregator, in milliseconds")
    long retryMillis() default 1000;

    @AttributeDefinition(description = "Attack simulation for robustness tests: none, signflip:<scale>, nan, "
            + "wrongshape, unsigned, badsignature, garbage. Never set this on a real worker.")
    String attack() default "none";
}
