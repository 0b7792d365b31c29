package io.nodus.gui.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.nodus.api.chat.ChatException;
import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.Conversation;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.identity.PeerId;
import io.nodus.gui.impl.ApiResponses.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The chat routes of the API: messages, typing, receipts, sessions, groups, verification, files. */
final class ChatRoutes {

    static final long MAX_TTL_SECONDS = 7L * 24 * 3600;
    static final int MAX_GROUP_MEMBERS = 256;

    private final NodeServices services;
    private final ContactBook contacts;
    private final GuiEndpoint endpoint;
    private final EventHub hub;
    private final Executor uploads;

    ChatRoutes(NodeServices services, ContactBook contacts, GuiEndpoint endpoint, EventHub hub, Executor uploads) {
        this.services = services;
        this.contacts = contacts;
        this.endpoint = endpoint;
        this.hub = hub;
        this.uploads = uploads;
    }

    private ChatService chat() throws ApiException {
        return services.chat().orElseThrow(() -> ApiException.unavailable("chat"));
    }

    static Conversation conversation(String text) throws ApiException {
        try {
            return Conversation.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("conversation: " + e.getMessage());
        }
    }

    static PeerId peer(String text) throws ApiException {
        try {
            return PeerId.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** A chat refusal as the status that fits it. */
    static ApiException refused(ChatException e) {
        int status = switch (e.reason()) {
            case TOO_LARGE -> HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
            case INVALID -> HttpServletResponse.SC_BAD_REQUEST;
            case UNKNOWN -> HttpServletResponse.SC_NOT_FOUND;
            case NOT_OWNER -> HttpServletResponse.SC_FORBIDDEN;
            case PEER_UNREACHABLE, CLOSED -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            default -> HttpServletResponse.SC_CONFLICT;
        };
        return new ApiException(status, e.getMessage());
    }

    void history(HttpServletRequest req, HttpServletResponse res) throws IOException, ApiException {
        String c = req.getParameter("c");
        if (c == null) {
            throw ApiException.badRequest("missing parameter 'c' (conversation)");
        }
        Conversation conv = conversation(c);
        List<Object> out = new ArrayList<>();
        for (ChatMessage m : chat().history(conv)) {
            out.add(StateView.message(m));
        }
        Object peer = null;
        if (!conv.isGroup()) {
            PeerId p = conv.peerId();
            peer = Json.object().with("peer", p.toString()).with("fingerprint", ContactBook.fingerprint(p))
                    .with("verified", contacts.isVerified(p));
        }
        ApiResponses.ok(res, Json.object().with("conversation", conv.toString()).with("peer", peer)
                .with("messages", out));
    }

    void send(Form form, HttpServletResponse res) throws IOException, ApiException {
        Conversation c = conversation(form.require("c"));
        String text = form.require("text");
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int limit = endpoint.settings().maxMessageBytes();
        if (bytes > limit) {
            throw ApiException.tooLarge("message is " + bytes + " bytes; the limit is " + limit + " bytes");
        }
        ChatService chat = chat();
        try {
            ChatMessage m;
            if (form.has("ttl") && !form.get("ttl", "").isBlank()) {
                long ttl = number(form.get("ttl", ""), "ttl", 1, MAX_TTL_SECONDS);
                m = chat.send(c, text, Duration.ofSeconds(ttl));
            } else {
                m = chat.send(c, text);
            }
            ApiResponses.ok(res, StateView.message(m));
        } catch (ChatException e) {
            throw refused(e);
        }
    }

    void typing(Form form, HttpServletResponse res) throws IOException, ApiException {
        try {
            chat().typing(conversation(form.require("c")), ProxyControl.bool(form.get("typing", "true")));
            ApiResponses.ok(res, Json.object().with("ok", true));
        } catch (ChatException e) {
            throw refused(e);
        }
    }

    void read(Form form, HttpServletResponse res) throws IOException, ApiException {
        chat().markRead(conversation(form.require("c")));
        ApiResponses.ok(res, Json.object().with("ok", true));
    }

    void open(Form form, HttpServletResponse res) throws IOException, ApiException {
        try {
            ChatSessionInfo s = chat().open(peer(form.require("peer")));
            ApiResponses.ok(res, s);
        } catch (ChatException e) {
            throw refused(e);
        }
    }

    /** A fresh session (new keys, and the node's current encryption mode) with the peer. */
    void rekey(Form form, HttpServletResponse res) throws IOException, ApiException {
        PeerId p = peer(form.require("peer"));
        ChatService chat = chat();
        chat.close(p);
        services.encryption().ifPresent(e -> e.close(p));
        try {
            ApiResponses.ok(res, chat.open(p));
        } catch (ChatException e) {
            throw refused(e);
        }
    }

    void group(Form form, HttpServletResponse res) throws IOException, ApiException {
        String name = form.require("name").trim();
        List<PeerId> members = new ArrayList<>();
        for (String m : form.require("members").split("[,\\s]+")) {
            if (!m.isBlank()) {
                members.add(peer(m));
            }
        }
        if (members.isEmpty() || members.size() > MAX_GROUP_MEMBERS) {
            throw ApiException.badRequest("a group needs 1.." + MAX_GROUP_MEMBERS + " members besides this node");
        }
        try {
            ChatGroup g = chat().createGroup(name, members);
            ApiResponses.ok(res, Json.object().with("id", g.id()).with("conversation", g.conversation().toString()));
        } catch (ChatException e) {
            throw refused(e);
        }
    }

    void verify(Form form, HttpServletResponse res) throws IOException, ApiException {
        PeerId p = peer(form.require("peer"));
        String expected = form.get("fingerprint", "");
        if (!expected.isEmpty() && !expected.equals(ContactBook.fingerprint(p))) {
            throw new ApiException(HttpServletResponse.SC_CONFLICT, "fingerprint changed: it is now "
                    + ContactBook.fingerprint(p));
        }
        contacts.setVerified(p, ProxyControl.bool(form.get("verified", "true")));
        ApiResponses.ok(res, Json.object().with("peer", p.toString()).with("verified", contacts.isVerified(p)));
    }

    /**
     * {@code POST /api/chat/file?peer=&name=} with the file as the body: refused at once (413) when its announced
     * size is over the limit; otherwise kept in a private temporary directory while the chat service offers and
     * sends it (progress and the outcome arrive as events), then erased.
     */
    void upload(HttpServletRequest req, HttpServletResponse res) throws IOException, ApiException {
        ChatService chat = chat();
        PeerId p = peer(nonNull(req.getParameter("peer"), "peer"));
        String name = FileNames.safe(nonNull(req.getParameter("name"), "name"));
        long limit = endpoint.settings().maxFileBytes();
        long length = req.getContentLengthLong();
        if (length < 0) {
            throw new ApiException(HttpServletResponse.SC_LENGTH_REQUIRED, "file size (Content-Length) required");
        }
        if (length > limit) {
            throw ApiException.tooLarge("'" + name + "' is " + length + " bytes; the limit is " + limit + " bytes");
        }
        Path dir = FileNames.privateTempDir(endpoint.dataDir());
        Path file = dir.resolve(name);
        long copied = 0;
        try (InputStream in = req.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                copied += n;
                if (copied > limit) {
                    throw ApiException.tooLarge("'" + name + "' is over the limit of " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | ApiException | RuntimeException e) {
            FileNames.erase(dir);
            throw e;
        }
        long size = copied;
        try {
            uploads.execute(() -> sendFile(chat, p, file, dir, name));
        } catch (RejectedExecutionException e) {
            FileNames.erase(dir);
            throw new ApiException(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too many files being sent; try again");
        }
        ApiResponses.json(res, HttpServletResponse.SC_ACCEPTED, Json.object().with("peer", p.toString())
                .with("name", name).with("size", size));
    }

    private void sendFile(ChatService chat, PeerId p, Path file, Path dir, String name) {
        try {
            FileTransfer t = chat.sendFile(p, file);
            hub.publish("chat", Json.object().with("kind", "file").with("transfer", StateView.transfer(t)));
        } catch (ChatException e) {
            hub.publish("notice", Json.object().with("level", "error").with("text", "file '" + name + "' to "
                    + shortId(p) + " not sent: " + e.getMessage()));
        } catch (RuntimeException e) {
            hub.publish("notice", Json.object().with("level", "error").with("text", "file '" + name + "' failed: "
                    + e.getMessage()));
        } finally {
            FileNames.erase(dir);
        }
    }

    /** {@code GET /api/chat/download?id=}: a received file, streamed from a private temporary copy. */
    void download(HttpServletRequest req, HttpServletResponse res) throws IOException, ApiException {
        String id = nonNull(req.getParameter("id"), "id");
        ChatService chat = chat();
        FileTransfer t = chat.transfers().stream().filter(x -> x.id().equals(id) && !x.outgoing()).findFirst()
                .orElseThrow(() -> new ApiException(HttpServletResponse.SC_NOT_FOUND, "no received file " + id));
        Path dir = FileNames.privateTempDir(endpoint.dataDir());
        try {
            Path file = dir.resolve(FileNames.safe(t.name()));
            try {
                chat.saveFile(id, file);
            } catch (ChatException e) {
                throw refused(e);
            }
            res.setStatus(HttpServletResponse.SC_OK);
            res.setContentType("application/octet-stream");
            res.setHeader("Content-Disposition", "attachment; filename=\"" + FileNames.safe(t.name()) + "\"");
            res.setHeader("Cache-Control", "no-store");
            res.setContentLengthLong(Files.size(file));
            Files.copy(file, res.getOutputStream());
        } finally {
            FileNames.erase(dir);
        }
    }

    static String shortId(PeerId p) {
        String s = p.toString();
        return s.length() > 12 ? "…" + s.substring(s.length() - 8) : s;
    }

    private static String nonNull(String v, String name) throws ApiException {
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("missing parameter '" + name + "'");
        }
        return v;
    }

    static long number(String text, String name, long min, long max) throws ApiException {
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw ApiException.badRequest(name + " must be " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": '" + text + "' is not a number");
        }
    }
}
