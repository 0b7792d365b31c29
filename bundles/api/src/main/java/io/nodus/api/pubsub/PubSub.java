package io.nodus.api.pubsub;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * Topic publish/subscribe (floodsub and gossipsub); messages are signed by their origin ({@code StrictSign}).
 * Messages this node publishes are not delivered to its own subscribers. Received messages pass every
 * {@link TopicValidator} registered for their topic before they are delivered or forwarded.
 */
@ProviderType
public interface PubSub {

    /**
     * Subscribes; {@code receiver} gets every validated message of the topic until the subscription is closed.
     * Receivers are called one at a time on a delivery thread and should return quickly.
     */
    Subscription subscribe(String topic, Consumer<PubSubMessage> receiver);

    /**
     * Publishes a message signed by this node.
     *
     * @throws IllegalArgumentException when the topic is empty, the message exceeds the size limit, or a local
     *                                  {@link TopicValidator} does not accept it
     */
    void publish(String topic, byte[] data);

    /** Peers known to be subscribed to the topic that we can send to (our stream to them is open). */
    List<PeerId> peers(String topic);

    /** Peers we exchange pubsub RPCs with, whatever their topics. */
    List<PeerId> peers();

    /** Topics this node subscribes to. */
    List<String> topics();

    /** An active subscription; closing it unsubscribes. */
    interface Subscription extends AutoCloseable {
        String topic();

        @Override
        void close();
    }
}
