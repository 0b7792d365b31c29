package io.nodus.chat.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.chat.impl.engine.ChatEngine;
import io.nodus.chat.impl.engine.ChatEvents;
import io.nodus.chat.impl.engine.ChatSettings;
import io.nodus.chat.impl.ratchet.DoubleRatchet;
import io.nodus.chat.impl.ratchet.PrekeyFile;
import io.nodus.chat.impl.session.PayloadProtection;

/**
 * The chat service as a DS component: serves {@value ChatService#PROTOCOL} on the host's protocol-handler whiteboard,
 * hears connections (to flush outboxes when a peer comes back), and tells {@link ChatListener} services about events.
 * The payload protection of a session follows the node's encryption mode with the peer: mode {@code none} gives signed
 * plaintext, every other mode (and no encryption service at all) the Double Ratchet.
 */
@Component(service = {ChatService.class, ProtocolHandler.class, ConnectionListener.class},
        property = ProtocolHandler.PROTOCOL + "=" + ChatService.PROTOCOL, configurationPid = ChatConfig.PID)
@Designate(ocd = ChatConfig.class)
public final class ChatComponent implements ChatService, ProtocolHandler, ConnectionListener {

    /** The encryption mode id under which payloads are only signed. */
    static final String MODE_NONE = "none";
    static final String PREKEY_FILE = "chat-prekeys";

    private final ChatEvents events = new ChatEvents();
    private final ChatEngine engine;
    private volatile EncryptionService encryption;
    private volatile Host host;

    /**
     * The X3DH identity key and signed prekeys are kept in {@code keys/}{@value #PREKEY_FILE} of the node's data dir,
     * so that a session a peer started through a relay while this node was down opens after its restart.
     */
    @Activate
    public ChatComponent(@Reference NodeIdentity identity, @Reference NodeInfo node, ChatConfig config) {
        this(identity, new PrekeyFile(node.dataDir().resolve("keys").resolve(PREKEY_FILE)), config);
    }

    /** Every key in memory only (in-JVM tests). */
    public ChatComponent(NodeIdentity identity, ChatConfig config) {
        this(identity, (PrekeyFile) null, config);
    }

    private ChatComponent(NodeIdentity identity, PrekeyFile prekeys, ChatConfig config) {
        this.engine = new ChatEngine(null, identity, settings(config), this::protectionFor, events,
                Clock.systemUTC(), prekeys);
    }

    @Modified
    void modified(ChatConfig config) {
        engine.reconfigure(settings(config));
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    static ChatSettings settings(ChatConfig c) {
        return new ChatSettings(Duration.ofSeconds(c.defaultTtlSeconds()), Duration.ofSeconds(c.maxTtlSeconds()),
                c.maxFileBytes(), c.maxQueuedPerPeer(), Duration.ofSeconds(c.ackTimeoutSeconds()),
                Duration.ofSeconds(c.retryMinSeconds()), Duration.ofSeconds(c.retryMaxSeconds()),
                new DoubleRatchet.Limits(c.maxSkippedKeys(), 2 * c.maxSkippedKeys()),
                java.util.Arrays.stream(c.relays()).filter(s -> !s.isBlank()).map(String::strip).map(PeerId::parse)
                        .toList(), c.relayServe());
    }

    /**
     * The host is a dynamic reference: the host binds this component as a protocol handler while it activates, so a
     * static reference back to it would be a cycle that DS cannot satisfy.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetHost")
    public void setHost(Host host) {
        engine.setHost(host);
        this.host = host;
    }

    public void unsetHost(Host host) {
        if (this.host == host) {
            this.host = null;
            engine.setHost(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEncryption")
    public void setEncryption(EncryptionService service) {
        this.encryption = service;
    }

    public void unsetEncryption(EncryptionService service) {
        if (this.encryption == service) {
            this.encryption = null;
        }
    }

    /** Whiteboard: listener services are obtained at their first event (see {@link ChatEvents#addLazy}). */
    @Reference(service = ChatListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeListenerService")
    void addListenerService(ComponentServiceObjects<ChatListener> objects) {
        events.addLazy(objects, new LazyListener(objects));
    }

    void removeListenerService(ComponentServiceObjects<ChatListener> objects) {
        events.removeLazy(objects);
    }

    /** Adds a listener directly (in-JVM tests, no framework). */
    public void addListener(ChatListener listener) {
        events.add(listener);
    }

    /** Gets the listener service once, at its first event. */
    private static final class LazyListener implements java.util.function.Supplier<ChatListener> {
        private final ComponentServiceObjects<ChatListener> objects;
        private ChatListener instance;

        LazyListener(ComponentServiceObjects<ChatListener> objects) {
            this.objects = objects;
        }

        @Override
        public synchronized ChatListener get() {
            if (instance == null) {
                instance = objects.getService();
            }
            return instance;
        }
    }

    /** Signed plaintext only when the node's encryption session with the peer is in mode none. */
    String protectionFor(PeerId peer) {
        EncryptionService e = encryption;
        if (e == null) {
            return PayloadProtection.DOUBLE_RATCHET;
        }
        try {
            String mode = e.session(peer).map(SessionInfo::mode).orElse(null);
            if (mode == null) {
                mode = e.establish(peer).mode();
            }
            return MODE_NONE.equals(mode) ? PayloadProtection.SIGNED : PayloadProtection.DOUBLE_RATCHET;
        } catch (CryptoException | RuntimeException ex) {
            return PayloadProtection.DOUBLE_RATCHET;
        }
    }

    /** The engine (component tests). */
    public ChatEngine engine() {
        return engine;
    }

    // ---- network

    @Override
    public void handle(P2PStream stream) throws IOException {
        engine.inbound().handle(stream);
    }

    @Override
    public void connected(PeerConnection connection) {
        engine.connected(connection.peer());
    }

    @Override
    public void disconnected(PeerId peer) {
        // nothing to do: the outbox keeps what is not acknowledged, and the next connection flushes it
    }

    // ---- ChatService

    @Override
    public ChatSessionInfo open(PeerId peer) throws ChatException {
        return engine.open(peer);
    }

    @Override
    public ChatMessage send(Conversation to, String text) throws ChatException {
        return engine.send(to, text, null);
    }

    @Override
    public ChatMessage send(Conversation to, String text, Duration ttl) throws ChatException {
        return engine.send(to, text, ttl);
    }

    @Override
    public void typing(Conversation conversation, boolean typing) throws ChatException {
        engine.typing(conversation, typing);
    }

    @Override
    public List<ChatMessage> history(Conversation conversation) {
        return engine.history(conversation);
    }

    @Override
    public List<ChatMessage> receive() {
        return engine.receive();
    }

    @Override
    public void markRead(Conversation conversation) {
        engine.markRead(conversation);
    }

    @Override
    public void close(PeerId peer) {
        engine.close(peer);
    }

    @Override
    public List<ChatSessionInfo> sessions() {
        return engine.sessions();
    }

    @Override
    public ChatGroup createGroup(String name, Collection<PeerId> members) throws ChatException {
        return engine.createGroup(name, members);
    }

    @Override
    public ChatGroup addMember(String groupId, PeerId member) throws ChatException {
        return engine.changeGroup(groupId, member, true);
    }

    @Override
    public ChatGroup removeMember(String groupId, PeerId member) throws ChatException {
        return engine.changeGroup(groupId, member, false);
    }

    @Override
    public List<ChatGroup> groups() {
        return engine.groups();
    }

    @Override
    public FileTransfer sendFile(PeerId peer, Path file) throws ChatException {
        return engine.files().send(peer, file);
    }

    @Override
    public List<FileTransfer> transfers() {
        return engine.files().transfers();
    }

    @Override
    public void saveFile(String transferId, Path target) throws ChatException, IOException {
        engine.files().save(transferId, target);
    }

    @Override
    public Duration defaultTtl() {
        return engine.defaultTtl();
    }
}
