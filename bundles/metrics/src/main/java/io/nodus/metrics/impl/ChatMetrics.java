package io.nodus.metrics.impl;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;

/**
 * Chat: as a {@link ChatListener} it counts messages received and our messages' status changes (never their
 * content); from the {@link ChatService} it shows open sessions by protection and the outbox.
 */
@Component(service = {MetricsSource.class, ChatListener.class})
public class ChatMetrics implements MetricsSource, ChatListener {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChatService chat;

    private final LongAdder received = new LongAdder();
    private final Map<ChatMessage.Status, LongAdder> updates = new EnumMap<>(ChatMessage.Status.class);

    public ChatMetrics() {
        for (ChatMessage.Status s : ChatMessage.Status.values()) {
            updates.put(s, new LongAdder());
        }
    }

    @Override
    public void messageReceived(ChatMessage message) {
        received.increment();
    }

    @Override
    public void messageUpdated(ChatMessage message) {
        updates.get(message.status()).increment();
    }

    @Override
    public void collect(MetricsWriter w) {
        ChatService c = chat;
        if (c == null) {
            return;
        }
        w.counter("nodus_chat_messages_received_total", "Chat messages received since start", received.sum());
        for (ChatMessage.Status s : new ChatMessage.Status[] {ChatMessage.Status.SENT, ChatMessage.Status.DELIVERED,
                ChatMessage.Status.READ}) {
            w.counter("nodus_chat_messages_total", "Our chat messages that reached a status since start (sent, delivered, read)",
                    Map.of("status", s.name().toLowerCase(Locale.ROOT)), updates.get(s).sum());
        }
        Map<String, Integer> open = new TreeMap<>(Map.of("double-ratchet", 0, "signed", 0));
        long sent = 0;
        long got = 0;
        long queued = 0;
        for (ChatSessionInfo s : c.sessions()) {
            if (s.state() == ChatSessionInfo.State.OPEN) {
                open.merge(s.protection(), 1, Integer::sum);
            }
            sent += s.sent();
            got += s.received();
            queued += s.queued();
        }
        for (Map.Entry<String, Integer> e : open.entrySet()) {
            w.gauge("nodus_chat_sessions", "Open chat sessions by protection", Map.of("protection", e.getKey()), e.getValue());
        }
        w.gauge("nodus_chat_session_messages_sent", "Messages sealed in the current sessions", sent);
        w.gauge("nodus_chat_session_messages_received", "Messages opened in the current sessions", got);
        w.gauge("nodus_chat_outbox", "Items waiting in the outbox", queued);
    }
}
