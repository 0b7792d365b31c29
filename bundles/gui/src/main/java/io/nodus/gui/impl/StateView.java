package io.nodus.gui.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.chat.ChatGroup;
import io.nodus.api.chat.ChatMessage;
import io.nodus.api.chat.ChatService;
import io.nodus.api.chat.ChatSessionInfo;
import io.nodus.api.chat.FileTransfer;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.api.transport.PeerConnection;

/**
 * What the pages show, as JSON-ready values: one snapshot for a page that (re)loads, and the parts that events
 * refresh (network, proxy, contacts, training).
 */
@Component(service = StateView.class)
public final class StateView {

    /** Contacts listed at most (connected peers, chat sessions, verified contacts). */
    static final int MAX_CONTACTS = 1000;

    private final NodeServices services;
    private final ContactBook contacts;
    private final GuiEndpoint endpoint;
    private final ProxyControl proxy;
    private final TrainingBoard training;
    private final Latencies latencies;

    @Activate
    public StateView(@Reference NodeServices services, @Reference ContactBook contacts, @Reference GuiEndpoint endpoint,
            @Reference ProxyControl proxy, @Reference TrainingBoard training, @Reference Latencies latencies) {
        this.services = services;
        this.contacts = contacts;
        this.endpoint = endpoint;
        this.proxy = proxy;
        this.training = training;
        this.latencies = latencies;
    }

    /** Names this run of the node, so that a page sees a restart. */
    Map<String, Object> hello() {
        return Json.object().with("startedAt", services.node().startedAt())
                .with("peer", services.host().map(h -> h.peerId().toString()).orElse(""));
    }

    Map<String, Object> full() {
        Json.JsonObject out = Json.object();
        out.put("node", node());
        out.put("capabilities", capabilities());
        out.put("limits", limits());
        out.put("network", network());
        out.put("proxy", proxy());
        out.put("contacts", contacts());
        out.put("crypto", crypto());
        out.put("training", training.view());
        out.put("transfers", services.chat().map(c -> c.transfers().stream().map(StateView::transfer).toList())
                .orElse(List.of()));
        out.put("defaultTtlSeconds", services.chat().map(c -> c.defaultTtl().toSeconds()).orElse(0L));
        return out;
    }

    Map<String, Object> limits() {
        return Json.object().with("maxFileBytes", endpoint.settings().maxFileBytes())
                .with("maxMessageBytes", endpoint.settings().maxMessageBytes());
    }

    Map<String, Object> capabilities() {
        return Json.object().with("transport", services.host().isPresent()).with("chat", services.chat().isPresent())
                .with("crypto", services.encryption().isPresent()).with("proxy", services.router().isPresent())
                .with("training", !training.target().isEmpty())
                .with("trainingLocal", services.coordinator().isPresent());
    }

    Map<String, Object> node() {
        Json.JsonObject out = Json.object().with("profile", services.node().profile())
                .with("name", services.node().name()).with("startedAt", services.node().startedAt());
        Optional<Host> host = services.host();
        Optional<PeerId> self = host.map(Host::peerId)
                .or(() -> services.identity().map(io.nodus.api.identity.NodeIdentity::peerId));
        out.put("peer", self.map(PeerId::toString).orElse(""));
        out.put("fingerprint", self.map(ContactBook::fingerprint).orElse(""));
        out.put("addrs", host.map(h -> h.listenAddrs().stream().map(Multiaddr::toString).toList()).orElse(List.of()));
        return out;
    }

    Map<String, Object> network() {
        Json.JsonObject out = Json.object().with("node", node()).with("available", services.host().isPresent());
        List<Object> peers = new ArrayList<>();
        services.host().ifPresent(h -> {
            for (PeerConnection c : h.connections()) {
                peers.add(Json.object().with("peer", c.peer().toString()).with("addr", c.remoteAddr().toString())
                        .with("route", c.route()).with("outbound", c.outbound()).with("streams", c.openStreams())
                        .with("since", c.openedAt()).with("latencyMs", latencies.of(c.peer())));
            }
        });
        out.put("peers", peers);
        return out;
    }

    Map<String, Object> proxy() {
        Map<String, Object> out = new LinkedHashMap<>(proxy.status());
        out.put("available", services.router().isPresent());
        return out;
    }

    Map<String, Object> crypto() {
        Optional<EncryptionService> enc = services.encryption();
        if (enc.isEmpty()) {
            return Json.object().with("available", false);
        }
        List<Object> modes = new ArrayList<>();
        for (ModeInfo m : enc.get().modes()) {
            modes.add(Json.object().with("id", m.id()).with("strength", m.strength())
                    .with("description", m.description()));
        }
        return Json.object().with("available", true).with("policy", enc.get().policy()).with("modes", modes);
    }

    /** Every peer worth listing: connected, in a chat session, or verified; then the groups. */
    Map<String, Object> contacts() {
        Optional<ChatService> chat = services.chat();
        Optional<EncryptionService> enc = services.encryption();
        Set<PeerId> online = new LinkedHashSet<>();
        services.host().ifPresent(h -> h.connections().forEach(c -> online.add(c.peer())));
        Map<PeerId, ChatSessionInfo> sessions = new LinkedHashMap<>();
        chat.ifPresent(c -> c.sessions().forEach(s -> sessions.put(s.peer(), s)));
        Set<PeerId> all = new LinkedHashSet<>(online);
        all.addAll(sessions.keySet());
        for (String v : contacts.verifiedPeers()) {
            all.add(PeerId.parse(v));
        }
        List<Object> list = new ArrayList<>();
        for (PeerId p : all) {
            if (list.size() >= MAX_CONTACTS) {
                break;
            }
            ChatSessionInfo s = sessions.get(p);
            Optional<SessionInfo> cs = enc.flatMap(e -> e.session(p));
            list.add(Json.object().with("peer", p.toString()).with("online", online.contains(p))
                    .with("fingerprint", ContactBook.fingerprint(p)).with("verified", contacts.isVerified(p))
                    .with("chat", s == null ? null : Json.object().with("state", s.state())
                            .with("protection", s.protection()).with("sessionId", s.sessionId())
                            .with("queued", s.queued()).with("openedAt", s.openedAt()))
                    .with("crypto", cs.map(i -> Json.object().with("mode", i.mode()).with("sessionId", i.sessionId())
                            .with("keyEpoch", i.keyEpoch()).with("establishedAt", i.establishedAt())).orElse(null)));
        }
        List<Object> groups = new ArrayList<>();
        chat.ifPresent(c -> {
            for (ChatGroup g : c.groups()) {
                groups.add(Json.object().with("id", g.id()).with("conversation", g.conversation().toString())
                        .with("name", g.name()).with("owner", g.owner().toString())
                        .with("members", g.members().stream().map(PeerId::toString).toList()).with("epoch", g.epoch()));
            }
        });
        return Json.object().with("available", chat.isPresent()).with("peers", list).with("groups", groups);
    }

    static Map<String, Object> message(ChatMessage m) {
        return Json.object().with("id", m.id()).with("conversation", m.conversation().toString())
                .with("sender", m.sender().toString()).with("outgoing", m.outgoing()).with("text", m.text())
                .with("sequence", m.sequence()).with("sentAt", m.sentAt()).with("expiresAt", m.expiresAt())
                .with("status", m.status());
    }

    static Map<String, Object> transfer(FileTransfer t) {
        return Json.object().with("id", t.id()).with("peer", t.peer().toString()).with("outgoing", t.outgoing())
                .with("name", t.name()).with("size", t.size()).with("transferred", t.transferred())
                .with("state", t.state()).with("error", t.error()).with("expiresAt", t.expiresAt());
    }
}
