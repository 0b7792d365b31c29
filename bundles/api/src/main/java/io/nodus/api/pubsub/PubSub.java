package io.nodus.api.pubsub;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/** Topic publish/subscribe (floodsub and gossipsub); messages are signed by their origin. */
@ProviderType
public interface PubSub {

    /** Subscribes; {@code receiver} gets every validated message of the topic until the subscription is closed. */
    Subscription subscribe(String topic, Consumer<PubSubMessage> receiver);

    /** Publishes a message signed by this node. */
    void publish(String topic, byte[] data);

    /** Peers known to be subscribed to the topic. */
    List<PeerId> peers(String topic);

    /** Topics this node subscribes to. */
    List<String> topics();

    /** An active subscription; closing it unsubscribes. */
    interface Subscription extends AutoCloseable {
        String topic();

        @Override
        void close();
    }
}
