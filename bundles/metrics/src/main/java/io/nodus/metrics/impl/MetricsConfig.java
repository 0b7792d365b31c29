package io.nodus.metrics.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.nodus.metrics}, edited in {@code <data>/etc/io.nodus.metrics.cfg}. A key the file does
 * not set falls back to the framework property {@code nodus.metrics.<key>} (e.g. {@code ./nodus start
 * -Dnodus.metrics.bind=0.0.0.0 -Dnodus.metrics.port=9464} in containers), then to the default here.
 */
@ObjectClassDefinition(name = "Nodus metrics", description = "Prometheus endpoint of this node")
public @interface MetricsConfig {

    String PID = "io.nodus.metrics";

    @AttributeDefinition(description = "TCP port of the endpoint; 0 picks a free port (written to <data>/run/metrics.port)")
    int port() default 0;

    @AttributeDefinition(description = "Address to bind; the loopback address by default, 0.0.0.0 for every interface")
    String bind() default "127.0.0.1";
}
