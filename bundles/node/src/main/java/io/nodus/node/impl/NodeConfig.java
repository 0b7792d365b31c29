package io.nodus.node.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.nodus.node}, edited in {@code <data>/etc/io.nodus.node.cfg}. */
@ObjectClassDefinition(name = "Nodus node", description = "Name and logging of this node")
public @interface NodeConfig {

    String PID = "io.nodus.node";

    @AttributeDefinition(description = "Human-readable node name; empty means the profile name")
    String name() default "";

    @AttributeDefinition(description = "Root log level: ERROR, WARN, INFO, DEBUG or TRACE")
    String logLevel() default "INFO";
}
