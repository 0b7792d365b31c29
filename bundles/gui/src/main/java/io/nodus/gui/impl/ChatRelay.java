package io.nodus.gui.impl;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatReceipt;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.chat.TypingEvent;

/**
 * Passes chat events to the open pages as {@code chat} events (whiteboard {@link ChatListener}). Message content goes
 * to the pages only: nothing here logs or keeps it.
 */
@Component(service = ChatListener.class)
public final class ChatRelay implements ChatListener {

    private final EventHub hub;
    private final StateView state;
    /** Contact snapshots ask the chat service for its sessions: never on the chat's own thread. */
    private final ExecutorService snapshots = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nodus-gui-contacts");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ChatRelay(@Reference EventHub hub, @Reference StateView state) {
        this.hub = hub;
        this.state = state;
    }

    @Deactivate
    void deactivate() {
        snapshots.shutdownNow();
    }

    private void publishContacts() {
        try {
            snapshots.execute(() -> hub.publish("contacts", state.contacts()));
        } catch (RejectedExecutionException e) {
            // deactivating
        }
    }

    @Override
    public void messageReceived(ChatMessage message) {
        hub.publish("chat", Json.object().with("kind", "message").with("message", StateView.message(message)));
    }

    @Override
    public void messageUpdated(ChatMessage message) {
        hub.publish("chat", Json.object().with("kind", "update").with("message", StateView.message(message)));
    }

    @Override
    public void receipt(ChatReceipt receipt) {
        hub.publish("chat", Json.object().with("kind", "receipt").with("conversation", receipt.conversation().toString())
                .with("messageId", receipt.messageId()).with("from", receipt.from().toString())
                .with("receipt", receipt.kind()).with("at", receipt.at()));
    }

    @Override
    public void typing(TypingEvent event) {
        hub.publish("chat", Json.object().with("kind", "typing").with("conversation", event.conversation().toString())
                .with("peer", event.peer().toString()).with("typing", event.typing()).with("at", event.at()));
    }

    @Override
    public void sessionChanged(ChatSessionInfo session) {
        publishContacts();
    }

    @Override
    public void groupChanged(ChatGroup group) {
        publishContacts();
    }

    @Override
    public void fileTransfer(FileTransfer transfer) {
        hub.publish("chat", Json.object().with("kind", "file").with("transfer", StateView.transfer(transfer)));
    }
}
