package io.nodus.api.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.identity.PeerId;

/**
 * Ephemeral end-to-end encrypted chat over {@value #PROTOCOL}. Sessions start with X3DH and run the Double Ratchet
 * (or, when the peers' encryption mode is {@code none}, signed plaintext). Messages, keys and files live in memory
 * only and are erased at their TTL or when the session closes. Messages to a peer that is offline wait in an outbox
 * and are retried when it comes back, until their TTL. Events go to {@link ChatListener} services.
 */
@ProviderType
public interface ChatService {

    /** The chat protocol id. */
    String PROTOCOL = "/nodus/chat/1.0.0";

    /** StartChatSession: runs the key exchange with {@code peer} now (or returns the open session). */
    ChatSessionInfo open(PeerId peer) throws ChatException;

    /** SendEphemeralMessage with the default TTL. */
    ChatMessage send(Conversation to, String text) throws ChatException;

    /**
     * SendEphemeralMessage: queues the message for the peer (every member of a group) and sends it when possible.
     *
     * @return the message as it stands after the first attempt (SENT, or QUEUED while the peer is unreachable)
     */
    ChatMessage send(Conversation to, String text, Duration ttl) throws ChatException;

    /** Tells the peer (group members) that this node starts or stops typing; not queued. */
    void typing(Conversation conversation, boolean typing) throws ChatException;

    /** Every message of the conversation still alive, in order. */
    List<ChatMessage> history(Conversation conversation);

    /**
     * ReceiveChatMessages: incoming messages not yet read, oldest first, across conversations; they become SEEN and
     * read receipts go back to their senders.
     */
    List<ChatMessage> receive();

    /** Marks every incoming message of the conversation as read and sends read receipts. */
    void markRead(Conversation conversation);

    /** CloseChatSession: ends the session with {@code peer} on both sides and erases its keys. */
    void close(PeerId peer);

    List<ChatSessionInfo> sessions();

    /** Creates a group owned by this node with {@code members} (this node is added). */
    ChatGroup createGroup(String name, Collection<PeerId> members) throws ChatException;

    /** Owner only: adds a member; every member learns the new membership. */
    ChatGroup addMember(String groupId, PeerId member) throws ChatException;

    /** Owner only: removes a member, who gets none of the messages sent afterwards. */
    ChatGroup removeMember(String groupId, PeerId member) throws ChatException;

    List<ChatGroup> groups();

    /**
     * Sends a file: offered first (the peer may refuse, e.g. over its size limit), then sent in encrypted chunks and
     * verified by SHA-256 on arrival. Blocks until the peer confirms or refuses; progress goes to listeners.
     *
     * @throws ChatException TOO_LARGE over this node's limit, REFUSED when the peer refuses, HASH_MISMATCH, ...
     */
    FileTransfer sendFile(PeerId peer, Path file) throws ChatException;

    List<FileTransfer> transfers();

    /** Writes a received file (held in memory until its TTL) to {@code target}: only when the user asks. */
    void saveFile(String transferId, Path target) throws ChatException, IOException;

    /** The TTL of messages sent without one. */
    Duration defaultTtl();
}
