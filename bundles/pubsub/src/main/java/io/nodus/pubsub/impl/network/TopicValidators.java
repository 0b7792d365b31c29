package io.nodus.pubsub.impl.network;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.api.pubsub.TopicValidator;

/** The {@link TopicValidator} whiteboard: validators by topic (pubsub spec, "Topic Validation"). Thread-safe. */
public final class TopicValidators {

    private static final System.Logger LOG = System.getLogger(TopicValidators.class.getName());

    private final Map<String, List<TopicValidator>> byTopic = new ConcurrentHashMap<>();

    public void add(TopicValidator validator, Map<String, ?> properties) {
        List<String> topics = topics(properties.get(TopicValidator.TOPIC));
        if (topics.isEmpty()) {
            LOG.log(Level.WARNING, "ignoring topic validator {0} without a ''{1}'' property", validator,
                    TopicValidator.TOPIC);
            return;
        }
        for (String t : topics) {
            byTopic.computeIfAbsent(t, k -> new CopyOnWriteArrayList<>()).add(validator);
        }
    }

    public void remove(TopicValidator validator) {
        byTopic.values().forEach(list -> list.remove(validator));
        byTopic.values().removeIf(List::isEmpty);
    }

    /** The first verdict other than ACCEPT, or ACCEPT; a validator that throws rejects. */
    public TopicValidator.Result validate(PeerId source, PubSubMessage message) {
        List<TopicValidator> list = byTopic.get(message.topic());
        if (list == null) {
            return TopicValidator.Result.ACCEPT;
        }
        for (TopicValidator v : list) {
            TopicValidator.Result r;
            try {
                r = v.validate(source, message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "topic validator " + v + " failed on " + message.topic(), e);
                r = TopicValidator.Result.REJECT;
            }
            if (r != TopicValidator.Result.ACCEPT) {
                return r == null ? TopicValidator.Result.REJECT : r;
            }
        }
        return TopicValidator.Result.ACCEPT;
    }

    private static List<String> topics(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (property instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        out.removeIf(String::isEmpty);
        return out;
    }
}
