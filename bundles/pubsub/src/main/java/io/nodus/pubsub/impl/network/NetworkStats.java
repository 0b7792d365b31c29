package io.nodus.pubsub.impl.network;

/**
 * Counters of a {@link PubSubNetwork} since it started.
 *
 * @param rejectedStreams inbound streams reset for breaking the wire format
 * @param invalidMessages messages dropped by signature policy or a topic validator
 * @param duplicates      messages dropped because the seen cache knew them
 * @param droppedRpcs     outbound RPCs dropped because a peer's queue was full
 * @param delivered       messages handed to local receivers
 * @param undelivered     messages dropped because local receivers were behind
 */
public record NetworkStats(long rejectedStreams, long invalidMessages, long duplicates, long droppedRpcs,
        long delivered, long undelivered) {
}
