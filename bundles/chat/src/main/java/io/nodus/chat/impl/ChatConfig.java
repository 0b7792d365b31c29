package io.nodus.chat.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the chat service, PID {@value #PID} ({@code etc/io.nodus.chat.cfg}). */
@ObjectClassDefinition(name = "Nodus chat", description = "Ephemeral end-to-end encrypted chat: TTLs, limits, retries")
public @interface ChatConfig {

    String PID = "io.nodus.chat";

    @AttributeDefinition(description = "TTL of messages sent without one, in seconds")
    long defaultTtlSeconds() default 86_400;

    @AttributeDefinition(description = "Longest TTL accepted for a message, in seconds")
    long maxTtlSeconds() default 604_800;

    @AttributeDefinition(description = "Largest file sent or accepted, in bytes (at most 1 GiB; received files are held in memory)")
    long maxFileBytes() default 67_108_864;

    @AttributeDefinition(description = "Most outbox items per peer")
    int maxQueuedPerPeer() default 50_000;

    @AttributeDefinition(description = "Send a message again when no delivery receipt came within this many seconds")
    int ackTimeoutSeconds() default 10;

    @AttributeDefinition(description = "First retry delay in seconds after a failed delivery (doubles up to retryMaxSeconds)")
    int retryMinSeconds() default 1;

    @AttributeDefinition(description = "Longest retry delay in seconds")
    int retryMaxSeconds() default 60;

    @AttributeDefinition(description = "Peer IDs of trusted store-and-forward relays (e.g. a bootstrap node): sealed"
            + " messages for a peer we cannot reach wait there until it fetches them or their TTL ends")
    String[] relays() default {};

    @AttributeDefinition(description = "Hold sealed messages for other peers as a relay (in memory, bounded, until their TTL)")
    boolean relayServe() default true;

    @AttributeDefinition(description = "Double Ratchet MAX_SKIP: how far ahead of its chain a message may be and still decrypt")
    int maxSkippedKeys() default 1000;
}
