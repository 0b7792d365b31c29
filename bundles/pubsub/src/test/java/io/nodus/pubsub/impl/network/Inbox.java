package io.nodus.pubsub.impl.network;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.nodus.api.pubsub.PubSubMessage;

/** Collects what a subscription receives. */
final class Inbox implements Consumer<PubSubMessage> {

    final List<PubSubMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public void accept(PubSubMessage m) {
        messages.add(m);
    }

    boolean hasText(String text) {
        return count(text) > 0;
    }

    long count(String text) {
        return messages.stream().filter(m -> new String(m.data(), StandardCharsets.UTF_8).equals(text)).count();
    }
}
