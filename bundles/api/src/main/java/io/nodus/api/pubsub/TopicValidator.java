package io.nodus.api.pubsub;

import org.osgi.annotation.versioning.ConsumerType;

import io.nodus.api.identity.PeerId;

/**
 * Whiteboard: a service of this type with the property {@value #TOPIC} (one topic or several) validates every
 * message of those topics after its signature was verified and before it is delivered or forwarded (pubsub spec,
 * "Topic Validation"; gossipsub v1.1, "Extended Validators"). Unregistering it removes it live. A validator that
 * throws counts as {@link Result#REJECT}.
 */
@ConsumerType
public interface TopicValidator {

    /** Service property naming the topic(s) validated. */
    String TOPIC = "nodus.pubsub.topic";

    /** The outcome of validation. */
    enum Result {
        /** Deliver and forward. */
        ACCEPT,
        /** Invalid: drop it (and count it against the peer that sent it). */
        REJECT,
        /** Drop it without blaming the peer that sent it. */
        IGNORE
    }

    /**
     * @param source  the peer that sent the message to us (for our own messages: this node)
     * @param message the message, signature already verified
     */
    Result validate(PeerId source, PubSubMessage message);
}
