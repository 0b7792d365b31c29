package io.nodus.chat.impl.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatListener;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatReceipt;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.chat.TypingEvent;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;

/**
 * Gogo commands of scope {@code chat}. A peer is a peer ID or a multiaddr ending in /p2p/ID (dialed first). The
 * dashed names {@code chat:send-file} and {@code chat:save-file} are {@link DashedCommand}s calling these methods.
 */
@Component(service = ChatCommands.class, property = {"osgi.command.scope=chat",
        "osgi.command.function=open", "osgi.command.function=send", "osgi.command.function=receive",
        "osgi.command.function=history", "osgi.command.function=close", "osgi.command.function=group",
        "osgi.command.function=sendFile", "osgi.command.function=files", "osgi.command.function=saveFile",
        "osgi.command.function=sessions",
        "osgi.command.function=typing"})
public final class ChatCommands {

    private final ChatService chat;
    private final Host host;
    private final BundleContext context;

    @Activate
    public ChatCommands(@Reference ChatService chat, @Reference Host host, BundleContext context) {
        this.chat = chat;
        this.host = host;
        this.context = context;
    }

    @Descriptor("start (or show) the end-to-end encrypted session with a peer")
    public String open(@Descriptor("peer ID or multiaddr with /p2p/") String peer) throws ChatException, IOException {
        ChatSessionInfo s = chat.open(resolve(peer));
        return "session " + s.sessionId() + " with " + s.peer() + " open (" + s.protection() + ")";
    }

    @Descriptor("send a message to a peer or a group (group:<id>)")
    public String send(@Descriptor("TTL in seconds (0: the default)") @Parameter(names = "--ttl", absentValue = "0")
            long ttlSeconds, @Descriptor("peer, multiaddr or group:<id>") String to,
            @Descriptor("the text") String... words) throws ChatException, IOException {
        if (words.length == 0) {
            throw new ChatException(ChatException.Reason.INVALID, "nothing to send");
        }
        // Gogo names the command's thread after the whole command line, text included, and log lines written on
        // this thread (session start, key exchange) would show the thread name: rename it while we run.
        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName("chat:send");
        try {
            Conversation c = conversation(to);
            String text = String.join(" ", words);
            ChatMessage m = ttlSeconds > 0 ? chat.send(c, text, Duration.ofSeconds(ttlSeconds)) : chat.send(c, text);
            return "message " + m.id() + " " + m.status() + " seq=" + m.sequence() + " expires=" + m.expiresAt();
        } finally {
            thread.setName(threadName);
        }
    }

    @Descriptor("print unread messages; with --follow, keep printing messages, receipts and typing until interrupted")
    public void receive(@Descriptor("stream new events until Ctrl-C") @Parameter(names = "--follow",
            absentValue = "false", presentValue = "true") boolean follow) {
        PrintStream out = System.out;
        BlockingQueue<String> events = new LinkedBlockingQueue<>(10_000);
        ServiceRegistration<ChatListener> reg = follow ? context.registerService(ChatListener.class,
                new QueueingListener(events), null) : null;
        try {
            for (ChatMessage m : chat.receive()) {
                out.println(format(m));
            }
            out.flush();
            while (follow) {
                String line = events.take();
                out.println(line);
                out.flush();
                if (line.startsWith("message ")) {
                    chat.receive();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (reg != null) {
                reg.unregister();
            }
        }
    }

    @Descriptor("messages of a conversation still alive, in order")
    public void history(@Descriptor("peer or group:<id>") String conversation) throws IOException {
        Conversation c = conversation(conversation);
        chat.markRead(c);
        for (ChatMessage m : chat.history(c)) {
            System.out.println(m.id() + " " + m.status() + " seq=" + m.sequence() + " "
                    + (m.outgoing() ? "me" : m.sender().toString()) + ": " + m.text());
        }
    }

    @Descriptor("close the session with a peer on both sides and erase its keys")
    public String close(@Descriptor("peer") String peer) throws IOException {
        PeerId p = resolve(peer);
        chat.close(p);
        return "session with " + p + " closed, keys erased";
    }

    @Descriptor("groups: create <name> [peer...] | add <group> <peer> | remove <group> <peer> | list")
    public void group(@Descriptor("create, add, remove or list") String action,
            @Descriptor("arguments") String... args) throws ChatException, IOException {
        switch (action) {
            case "create" -> {
                if (args.length < 1) {
                    throw new ChatException(ChatException.Reason.INVALID, "usage: chat:group create <name> [peer...]");
                }
                List<PeerId> members = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    members.add(resolve(args[i]));
                }
                print(chat.createGroup(args[0], members));
            }
            case "add", "remove" -> {
                if (args.length != 2) {
                    throw new ChatException(ChatException.Reason.INVALID, "usage: chat:group " + action
                            + " <group> <peer>");
                }
                String id = args[0].startsWith(Conversation.GROUP_PREFIX)
                        ? args[0].substring(Conversation.GROUP_PREFIX.length()) : args[0];
                print(action.equals("add") ? chat.addMember(id, resolve(args[1]))
                        : chat.removeMember(id, resolve(args[1])));
            }
            case "list" -> chat.groups().forEach(this::print);
            default -> throw new ChatException(ChatException.Reason.INVALID, "unknown group action '" + action
                    + "' (create, add, remove, list)");
        }
    }

    @Descriptor("send a file (chunked, encrypted, hash-verified); waits until the peer confirms")
    public String sendFile(@Descriptor("peer") String peer, @Descriptor("path of the file") String path)
            throws ChatException, IOException {
        FileTransfer t = chat.sendFile(resolve(peer), Path.of(path));
        return "file " + t.id() + " " + t.name() + " " + t.size() + " bytes sha256=" + t.sha256() + " " + t.state();
    }

    @Descriptor("file transfers, sent and received")
    public void files() {
        for (FileTransfer t : chat.transfers()) {
            System.out.println(t.id() + " " + (t.outgoing() ? "to " : "from ") + t.peer() + " " + t.name() + " "
                    + t.transferred() + "/" + t.size() + " bytes sha256=" + t.sha256() + " " + t.state()
                    + (t.error().isEmpty() ? "" : " (" + t.error() + ")"));
        }
    }

    @Descriptor("write a received file (held in memory) to a path")
    public String saveFile(@Descriptor("transfer id") String id, @Descriptor("target path") String path)
            throws ChatException, IOException {
        chat.saveFile(id, Path.of(path));
        return "saved " + id + " to " + path;
    }

    @Descriptor("open chat sessions")
    public void sessions() {
        for (ChatSessionInfo s : chat.sessions()) {
            System.out.println(s.peer() + " session=" + s.sessionId() + " " + s.state() + " " + s.protection()
                    + (s.initiator() ? " initiator" : " responder") + " sent=" + s.sent() + " received="
                    + s.received() + " queued=" + s.queued() + " opened=" + s.openedAt());
        }
    }

    @Descriptor("tell a peer or group that this node types (on) or stopped (off)")
    public String typing(@Descriptor("peer or group:<id>") String to, @Descriptor("on or off") String state)
            throws ChatException, IOException {
        chat.typing(conversation(to), !"off".equals(state));
        return "typing " + state;
    }

    private void print(ChatGroup g) {
        System.out.println("group:" + g.id() + " name=" + g.name() + " owner=" + g.owner() + " epoch=" + g.epoch()
                + " members=" + g.members());
    }

    private Conversation conversation(String text) throws IOException {
        if (text.startsWith(Conversation.GROUP_PREFIX)) {
            return Conversation.parse(text);
        }
        return Conversation.peer(resolve(text));
    }

    private PeerId resolve(String peer) throws IOException {
        if (peer.startsWith("/")) {
            return host.connect(Multiaddr.parse(peer));
        }
        return PeerId.parse(peer);
    }

    static String format(ChatMessage m) {
        return "message " + m.conversation() + " " + m.id() + " seq=" + m.sequence() + " from " + m.sender() + ": "
                + m.text();
    }

    /** Turns events into lines for the command thread (listeners run on chat threads, not the shell's). */
    private record QueueingListener(BlockingQueue<String> lines) implements ChatListener {
        @Override
        public void messageReceived(ChatMessage m) {
            lines.offer(format(m));
        }

        @Override
        public void receipt(ChatReceipt r) {
            lines.offer("receipt " + r.kind() + " " + r.messageId() + " from " + r.from());
        }

        @Override
        public void typing(TypingEvent e) {
            lines.offer("typing " + e.conversation() + " " + e.peer() + " " + (e.typing() ? "on" : "off"));
        }

        @Override
        public void sessionChanged(ChatSessionInfo s) {
            lines.offer("session " + s.peer() + " " + s.sessionId() + " " + s.state());
        }

        @Override
        public void groupChanged(ChatGroup g) {
            lines.offer("group " + g.id() + " epoch=" + g.epoch() + " members=" + g.members().size());
        }

        @Override
        public void fileTransfer(FileTransfer t) {
            lines.offer("file " + t.id() + " " + t.transferred() + "/" + t.size() + " " + t.state());
        }
    }
}
