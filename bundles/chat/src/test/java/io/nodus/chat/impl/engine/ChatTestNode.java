package io.nodus.chat.impl.engine;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatReceipt;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.chat.TypingEvent;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.chat.impl.ChatComponent;
import io.nodus.chat.impl.ChatConfig;
import io.nodus.transport.impl.host.HostConfig;
import io.nodus.transport.impl.host.LibP2pHost;
import io.nodus.testkit.TestIdentity;

/** One in-JVM node for tests: a real libp2p host on loopback and the chat component, with every event recorded. */
public final class ChatTestNode implements AutoCloseable {

    public static final Duration LIMIT = Duration.ofSeconds(30);

    public final TestIdentity identity;
    public LibP2pHost host;
    public final ChatComponent chat;
    public final List<ChatMessage> received = new CopyOnWriteArrayList<>();
    public final List<ChatMessage> updated = new CopyOnWriteArrayList<>();
    public final List<ChatReceipt> receipts = new CopyOnWriteArrayList<>();
    public final List<TypingEvent> typing = new CopyOnWriteArrayList<>();
    public final List<ChatSessionInfo> sessionEvents = new CopyOnWriteArrayList<>();
    public final List<ChatGroup> groupEvents = new CopyOnWriteArrayList<>();
    public final List<FileTransfer> fileEvents = new CopyOnWriteArrayList<>();

    public ChatTestNode(TestIdentity identity, Map<String, Object> chatConfig) throws IOException {
        this.identity = identity;
        this.host = newHost(identity);
        this.chat = new ChatComponent(identity, config(ChatConfig.class, chatConfig));
        chat.setHost(host);
        host.addProtocolHandler(chat, Map.of(ProtocolHandler.PROTOCOL, ChatService.PROTOCOL));
        host.addConnectionListener(chat);
        chat.addListener(new ChatListener() {
            @Override
            public void messageReceived(ChatMessage m) {
                received.add(m);
            }

            @Override
            public void messageUpdated(ChatMessage m) {
                updated.add(m);
            }

            @Override
            public void receipt(ChatReceipt r) {
                receipts.add(r);
            }

            @Override
            public void typing(TypingEvent e) {
                typing.add(e);
            }

            @Override
            public void sessionChanged(ChatSessionInfo s) {
                sessionEvents.add(s);
            }

            @Override
            public void groupChanged(ChatGroup g) {
                groupEvents.add(g);
            }

            @Override
            public void fileTransfer(FileTransfer t) {
                fileEvents.add(t);
            }
        });
    }

    public ChatTestNode(Map<String, Object> chatConfig) throws IOException {
        this(new TestIdentity(), chatConfig);
    }

    public ChatTestNode() throws IOException {
        this(Map.of());
    }

    /**
     * The node's network goes down and comes back on a new port while the chat component (and its sessions) stays:
     * a new host with the same identity.
     */
    public void replaceHost() throws IOException {
        host.deactivate();
        LibP2pHost h = newHost(identity);
        h.addProtocolHandler(chat, Map.of(ProtocolHandler.PROTOCOL, ChatService.PROTOCOL));
        h.addConnectionListener(chat);
        chat.setHost(h);
        host = h;
    }

    /** Only the network goes down (the chat component stays). */
    public void stopHost() {
        host.deactivate();
    }

    private static LibP2pHost newHost(TestIdentity identity) throws IOException {
        LibP2pHost h = new LibP2pHost(identity);
        h.activate(config(HostConfig.class, Map.of("listen", new String[] {"/ip4/127.0.0.1/tcp/0"},
                "mdnsEnabled", false)));
        return h;
    }

    public PeerId peerId() {
        return host.peerId();
    }

    public Multiaddr dialable() {
        return Multiaddr.parse(host.listenAddrs().get(0) + "/p2p/" + host.peerId());
    }

    /** Dials the other node (so both know each other's address). */
    public void connect(ChatTestNode other) throws IOException {
        host.connect(other.dialable());
    }

    @Override
    public void close() {
        chat.engine().close();
        host.deactivate();
    }

    /** An annotation-typed configuration: the annotation's defaults, overridden by {@code values}. */
    @SuppressWarnings("unchecked")
    public static <A> A config(Class<A> type, Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + v;
                    case "hashCode" -> v.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> v.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    /** Waits for a condition with a deadline; fails with {@code what} when it never holds. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(10); // polling interval of the condition, not a wait for an event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
