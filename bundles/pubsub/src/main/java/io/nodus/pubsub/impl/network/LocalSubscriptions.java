package io.nodus.pubsub.impl.network;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.nodus.api.pubsub.PubSubMessage;

/**
 * This node's receivers by topic, and the one thread that calls them (in arrival order, off the network threads).
 * When receivers fall {@code queueLength} messages behind, further messages are dropped and logged.
 */
final class LocalSubscriptions implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalSubscriptions.class.getName());

    private final Map<String, List<Consumer<PubSubMessage>>> byTopic = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor delivery;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    LocalSubscriptions(int queueLength) {
        delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueLength), r -> {
            Thread t = new Thread(r, "nodus-pubsub-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return true when this is the topic's first receiver */
    boolean add(String topic, Consumer<PubSubMessage> receiver) {
        List<Consumer<PubSubMessage>> list = byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        list.add(receiver);
        return list.size() == 1;
    }

    /** @return true when the topic has no receiver left */
    boolean remove(String topic, Consumer<PubSubMessage> receiver) {
        List<Consumer<PubSubMessage>> list = byTopic.get(topic);
        if (list == null || !list.remove(receiver)) {
            return false;
        }
        if (list.isEmpty()) {
            byTopic.remove(topic);
            return true;
        }
        return false;
    }

    boolean subscribed(String topic) {
        return byTopic.containsKey(topic);
    }

    List<String> topics() {
        return List.copyOf(byTopic.keySet());
    }

    void deliver(PubSubMessage message) {
        List<Consumer<PubSubMessage>> receivers = byTopic.get(message.topic());
        if (receivers == null) {
            return;
        }
        try {
            delivery.execute(() -> {
                for (Consumer<PubSubMessage> r : receivers) {
                    try {
                        r.accept(message);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "pubsub receiver " + r + " failed on topic " + message.topic(), e);
                    }
                }
                delivered.incrementAndGet();
            });
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, ... drop: enough to notice, not a flood
                LOG.log(Level.WARNING, "pubsub receivers are behind: dropped {0} messages so far", n);
            }
        }
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        delivery.shutdownNow();
        byTopic.clear();
    }
}
