package io.nodus.gui.impl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.TrainingCoordinator;
import io.nodus.api.ml.TrainingOptions;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.PeerConnection;
import io.nodus.gui.impl.ApiResponses.ApiException;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlProtocol;

/**
 * The training dashboard's source: this node's own {@link TrainingCoordinator} when it has one, else an aggregator
 * among the connected peers (found by asking each peer's status over the ML protocol once per connection) steered
 * remotely. Polled once a second while a page is open; a change goes to the pages as a {@code training} event. Either
 * way the status carries the history of every round (the last {@link TrainingStatus#MAX_HISTORY}) with its byte
 * counts, so a round that ends between two polls is charted too.
 */
@Component(service = TrainingBoard.class)
public final class TrainingBoard {

    static final String LOCAL = "local";
    static final long POLL_MILLIS = 1000;
    /** Peers asked at most once per connection; the answers kept for this many peers. */
    static final int MAX_PROBED = 256;

    private static final System.Logger LOG = System.getLogger(TrainingBoard.class.getName());

    private final NodeServices services;
    private final EventHub hub;
    private final ScheduledExecutorService timer;
    /** Peer -> role answered ("aggregator", "worker", or "" when it does not speak the ML protocol). */
    private final Map<PeerId, String> roles = new ConcurrentHashMap<>();
    private volatile String target = "";
    private volatile TrainingStatus remoteStatus = TrainingStatus.idle();
    private volatile String remoteError = "";
    private volatile String lastPublished = "";
    private volatile int remoteParticipants;
    /** Poll rounds so far (the poll thread only): peers are probed every fifth. */
    private int probeTick;

    @Activate
    public TrainingBoard(@Reference NodeServices services, @Reference EventHub hub) {
        this.services = services;
        this.hub = hub;
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "nodus-gui-training");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    /** "local", a peer id, or "" when there is nothing to show. */
    String target() {
        String t = target;
        if (!t.isEmpty() && (!t.equals(LOCAL) || services.coordinator().isPresent())) {
            return t;
        }
        if (services.coordinator().isPresent()) {
            return LOCAL;
        }
        return aggregators().stream().findFirst().map(PeerId::toString).orElse("");
    }

    void setTarget(String t) throws ApiException {
        if (!t.equals(LOCAL)) {
            try {
                PeerId.parse(t);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        } else if (services.coordinator().isEmpty()) {
            throw ApiException.unavailable("a local training coordinator");
        }
        if (!t.equals(target)) {
            remoteStatus = TrainingStatus.idle();
            remoteError = "";
        }
        target = t;
    }

    List<PeerId> aggregators() {
        return roles.entrySet().stream().filter(e -> e.getValue().equals(MlProtocol.ROLE_AGGREGATOR))
                .map(Map.Entry::getKey).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }

    TrainingStatus start(TrainingOptions options) throws ApiException, IOException {
        String t = target();
        if (t.equals(LOCAL)) {
            TrainingCoordinator c = services.coordinator().orElseThrow(() -> ApiException.unavailable("training"));
            try {
                return c.start(options);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new ApiException(409, e.getMessage());
            }
        }
        TrainingStatus s = RemoteAggregator.toStatus(remote(t).start(options));
        remoteStatus = s;
        return s;
    }

    TrainingStatus stop() throws ApiException, IOException {
        String t = target();
        if (t.equals(LOCAL)) {
            return services.coordinator().orElseThrow(() -> ApiException.unavailable("training")).stop();
        }
        return RemoteAggregator.toStatus(remote(t).stop());
    }

    private RemoteAggregator remote(String t) throws ApiException {
        if (t.isEmpty()) {
            throw ApiException.unavailable("training (no local coordinator and no aggregator among the connected"
                    + " peers)");
        }
        Host h = services.host().orElseThrow(() -> ApiException.unavailable("the transport"));
        return new RemoteAggregator(h, PeerId.parse(t), timer);
    }

    /** The dashboard's view. */
    Map<String, Object> view() {
        String t = target();
        Json.JsonObject out = Json.object().with("target", t).with("local", services.coordinator().isPresent())
                .with("aggregators", aggregators().stream().map(PeerId::toString).toList())
                .with("defaults", TrainingOptions.defaults());
        TrainingStatus s;
        String error = "";
        if (t.equals(LOCAL)) {
            s = services.coordinator().map(TrainingCoordinator::status).orElse(TrainingStatus.idle());
        } else if (!t.isEmpty()) {
            s = remoteStatus;
            error = remoteError;
        } else {
            s = TrainingStatus.idle();
        }
        Set<PeerId> online = services.host().map(h -> h.connections().stream().map(PeerConnection::peer)
                .collect(java.util.stream.Collectors.toSet())).orElse(Set.of());
        List<Object> participants = new ArrayList<>();
        for (String p : s.participants()) {
            boolean up = online.stream().anyMatch(x -> x.toString().equals(p));
            participants.add(Json.object().with("peer", p).with("state", up ? "connected" : "unreachable"));
        }
        out.with("available", !t.isEmpty()).with("state", s.state()).with("runId", s.runId())
                .with("round", s.round()).with("totalRounds", s.totalRounds()).with("participants", participants)
                .with("participantCount", t.equals(LOCAL) ? s.participants().size() : remoteParticipants)
                .with("history", s.history()).with("message", s.message()).with("error", error);
        return out;
    }

    /** Once a second: refresh a remote status, look for aggregators, publish what changed. */
    void poll() {
        if (hub.subscribers() == 0) {
            return; // nobody looks: no remote calls
        }
        try {
            if (++probeTick % 5 == 1) {
                probe();
            }
            String t = target();
            if (!t.isEmpty() && !t.equals(LOCAL)) {
                refreshRemote(t);
            }
            Map<String, Object> v = view();
            String json = Json.write(v);
            if (!json.equals(lastPublished)) {
                lastPublished = json;
                hub.publish("training", v);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "training view: {0}", e.toString());
        }
    }

    private void refreshRemote(String t) {
        try {
            MlMessage reply = remote(t).status();
            remoteParticipants = RemoteAggregator.intOf(reply.headers(), "participants");
            remoteStatus = RemoteAggregator.toStatus(reply);
            remoteError = "";
        } catch (IOException | ApiException | IllegalArgumentException e) {
            remoteError = "aggregator " + t + ": " + e.getMessage();
        }
    }

    /** Asks each newly connected peer once what it is; forgets peers that left. */
    private void probe() {
        Optional<Host> host = services.host();
        if (host.isEmpty()) {
            return;
        }
        List<PeerId> connected = host.get().connections().stream().map(PeerConnection::peer).distinct().toList();
        roles.keySet().retainAll(connected);
        for (PeerId p : connected) {
            if (roles.containsKey(p) || roles.size() >= MAX_PROBED) {
                continue;
            }
            try {
                MlMessage h = new RemoteAggregator(host.get(), p, timer).status();
                roles.put(p, h.header(MlProtocol.ROLE, ""));
            } catch (IOException | RuntimeException e) {
                roles.put(p, "");
            }
        }
    }
}
