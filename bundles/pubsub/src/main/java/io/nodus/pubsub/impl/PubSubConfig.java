package io.nodus.pubsub.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.nodus.pubsub.impl.network.PubSubSettings;

/** Configuration of pubsub, PID {@value #PID} ({@code etc/io.nodus.pubsub.cfg}); defaults from the specs. */
@ObjectClassDefinition(name = "Nodus pubsub", description = "Router (gossipsub or floodsub), limits and gossipsub parameters")
public @interface PubSubConfig {

    String PID = "io.nodus.pubsub";

    @AttributeDefinition(description = "Routing algorithm", options = {
        @Option(label = "gossipsub (/meshsub/1.1.0, also serves /meshsub/1.0.0 and /floodsub/1.0.0)", value = "gossipsub"),
        @Option(label = "floodsub (/floodsub/1.0.0)", value = "floodsub")})
    String router() default PubSubSettings.GOSSIPSUB;

    @AttributeDefinition(description = "Largest RPC accepted or sent, in bytes (a larger one resets the stream)")
    int maxRpcBytes() default PubSubSettings.DEFAULT_MAX_RPC_BYTES;

    @AttributeDefinition(description = "RPCs queued per peer; when full, further RPCs to that peer are dropped")
    int outboundQueueLength() default 1024;

    @AttributeDefinition(description = "Seconds a message id stays in the seen cache (seen_ttl)")
    int seenTtlSeconds() default 120;

    @AttributeDefinition(description = "Most message ids in the seen cache")
    int seenCapacity() default 100_000;

    @AttributeDefinition(description = "Messages waiting for local receivers; when full, further ones are dropped"
            + " (read when the component starts; other settings apply live)")
    int deliveryQueueLength() default 4096;

    @AttributeDefinition(description = "gossipsub D: desired mesh degree")
    int meshD() default 6;

    @AttributeDefinition(description = "gossipsub D_low: graft when the mesh is smaller")
    int meshDLow() default 4;

    @AttributeDefinition(description = "gossipsub D_high: prune when the mesh is larger")
    int meshDHigh() default 12;

    @AttributeDefinition(description = "gossipsub D_lazy: least number of peers gossip goes to")
    int meshDLazy() default 6;

    @AttributeDefinition(description = "gossipsub heartbeat interval in milliseconds")
    int heartbeatMillis() default 1000;

    @AttributeDefinition(description = "gossipsub: send our own messages to every peer in the topic (v1.1 flood publishing)")
    boolean floodPublish() default true;

    @AttributeDefinition(description = "gossipsub: seconds before a pruned peer may be grafted again (PruneBackoff)")
    int pruneBackoffSeconds() default 60;
}
