package io.nodus.api.chat;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type to hear chat events (the shell's {@code chat:receive --follow} and the
 * GUI's server-sent events do). Called on a chat worker thread; return quickly. Events carry message content: never
 * log or persist them.
 */
@ConsumerType
public interface ChatListener {

    /** A new message arrived (in conversation order). */
    default void messageReceived(ChatMessage message) {
    }

    /** A message of ours changed status (sent, delivered, read) or expired; {@code message.status()} tells. */
    default void messageUpdated(ChatMessage message) {
    }

    default void receipt(ChatReceipt receipt) {
    }

    default void typing(TypingEvent event) {
    }

    /** A session opened or closed. */
    default void sessionChanged(ChatSessionInfo session) {
    }

    /** A group was created, changed membership, or this node left it ({@code members} without us). */
    default void groupChanged(ChatGroup group) {
    }

    /** Progress or end of a file transfer. */
    default void fileTransfer(FileTransfer transfer) {
    }
}
