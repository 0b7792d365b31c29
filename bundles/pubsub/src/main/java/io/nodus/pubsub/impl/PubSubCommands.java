package io.nodus.pubsub.impl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.PubSub;

/**
 * Gogo commands of scope {@code pubsub}. A shell subscription keeps the last {@value #KEPT} messages of its topic
 * for {@code pubsub:messages}; it lasts until {@code pubsub:unsubscribe} or until this component goes away.
 * Immediate: a delayed component would be deactivated (losing its subscriptions) after every shell command.
 */
@Component(service = PubSubCommands.class, immediate = true, property = {
    "osgi.command.scope=pubsub",
    "osgi.command.function=subscribe",
    "osgi.command.function=unsubscribe",
    "osgi.command.function=publish",
    "osgi.command.function=peers",
    "osgi.command.function=topics",
    "osgi.command.function=messages"
})
public final class PubSubCommands {

    static final int KEPT = 1000;

    private record ShellSubscription(PubSub.Subscription subscription, TopicLog log) {
    }

    private final PubSub pubsub;
    private final Map<String, ShellSubscription> subscriptions = new ConcurrentHashMap<>();

    @Activate
    public PubSubCommands(@Reference PubSub pubsub) {
        this.pubsub = pubsub;
    }

    @Deactivate
    void deactivate() {
        subscriptions.values().forEach(s -> s.subscription().close());
        subscriptions.clear();
    }

    @Descriptor("subscribe to a topic; messages arriving from now on are kept for pubsub:messages")
    public String subscribe(@Descriptor("topic") String topic) {
        if (subscriptions.containsKey(topic)) {
            return "already subscribed to " + topic;
        }
        TopicLog log = new TopicLog(KEPT);
        PubSub.Subscription s = pubsub.subscribe(topic, log::add);
        if (subscriptions.putIfAbsent(topic, new ShellSubscription(s, log)) != null) {
            s.close();
            return "already subscribed to " + topic;
        }
        return "subscribed to " + topic + " (" + pubsub.peers(topic).size() + " peers in the topic)";
    }

    @Descriptor("end the shell's subscription to a topic")
    public String unsubscribe(@Descriptor("topic") String topic) {
        ShellSubscription s = subscriptions.remove(topic);
        if (s == null) {
            return "the shell is not subscribed to " + topic;
        }
        s.subscription().close();
        return "unsubscribed from " + topic;
    }

    @Descriptor("publish a text message (UTF-8) signed by this node")
    public String publish(@Descriptor("topic") String topic, @Descriptor("text") String... words) {
        byte[] data = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        pubsub.publish(topic, data);
        return "published " + data.length + " bytes to " + topic + " (" + pubsub.peers(topic).size()
                + " peers in the topic)";
    }

    @Descriptor("peers we exchange pubsub RPCs with")
    public String peers() {
        List<PeerId> all = pubsub.peers();
        if (all.isEmpty()) {
            return "no pubsub peers";
        }
        List<String> lines = new ArrayList<>();
        for (PeerId p : all) {
            lines.add(p.toString());
        }
        return String.join("\n", lines);
    }

    @Descriptor("peers subscribed to a topic; with gossipsub, '*' marks our mesh peers")
    public String peers(@Descriptor("topic") String topic) {
        List<PeerId> inTopic = pubsub.peers(topic);
        if (inTopic.isEmpty()) {
            return "no peers in " + topic;
        }
        Set<PeerId> mesh = pubsub instanceof PubSubService s ? s.network().mesh(topic) : Set.of();
        List<String> lines = new ArrayList<>();
        for (PeerId p : inTopic) {
            lines.add((mesh.contains(p) ? "* " : "  ") + p);
        }
        return String.join("\n", lines);
    }

    @Descriptor("topics this node subscribes to; 'shell' marks the shell's own subscriptions")
    public String topics() {
        List<String> topics = pubsub.topics();
        if (topics.isEmpty()) {
            return "no topics";
        }
        List<String> lines = new ArrayList<>();
        for (String t : topics.stream().sorted().toList()) {
            ShellSubscription s = subscriptions.get(t);
            lines.add(t + "  peers=" + pubsub.peers(t).size() + (s == null ? "" : "  shell received="
                    + s.log().received()));
        }
        return String.join("\n", lines);
    }

    @Descriptor("messages the shell's subscription to a topic received (the last " + KEPT + ")")
    public String messages(@Descriptor("topic") String topic) {
        ShellSubscription s = subscriptions.get(topic);
        if (s == null) {
            return "the shell is not subscribed to " + topic + " (pubsub:subscribe " + topic + ")";
        }
        List<String> lines = s.log().lines();
        return lines.isEmpty() ? "no messages on " + topic + " yet" : String.join("\n", lines);
    }
}
