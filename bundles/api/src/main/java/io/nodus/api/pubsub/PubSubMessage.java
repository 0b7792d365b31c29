package io.nodus.api.pubsub;

import io.nodus.api.identity.PeerId;

/**
 * A validated pubsub message.
 *
 * @param topic    the topic it was published on
 * @param from     the origin (signature verified)
 * @param seqno    the origin's sequence number
 * @param data     the payload
 */
public record PubSubMessage(String topic, PeerId from, long seqno, byte[] data) {
}
