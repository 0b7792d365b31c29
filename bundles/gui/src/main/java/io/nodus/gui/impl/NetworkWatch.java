package io.nodus.gui.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.PeerConnection;

/**
 * Keeps the network page live: while a page is open, pings the connected peers every {@value #PING_SECONDS} s for
 * their latency and sends the pages a {@code network} event after each round and whenever {@link NetworkSignals}
 * reports a connection change; a {@code proxy} event when a proxy status changes.
 */
@Component(immediate = true, service = NetworkWatch.class)
public final class NetworkWatch {

    static final int PING_SECONDS = 5;
    /** Peers pinged per round; the rest keep their last figure. */
    static final int MAX_PINGS_PER_ROUND = 32;

    private static final System.Logger LOG = System.getLogger(NetworkWatch.class.getName());

    private final NodeServices services;
    private final Latencies latencies;
    private final StateView state;
    private final EventHub hub;
    private final ScheduledExecutorService timer;
    private final Consumer<String> signals = this::onSignal;

    @Activate
    public NetworkWatch(@Reference NodeServices services, @Reference Latencies latencies, @Reference StateView state,
            @Reference EventHub hub) {
        this.services = services;
        this.latencies = latencies;
        this.state = state;
        this.hub = hub;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nodus-gui-network");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pingRound, 1, PING_SECONDS, TimeUnit.SECONDS);
        hub.addSignalHandler(signals);
    }

    @Deactivate
    void deactivate() {
        hub.removeSignalHandler(signals);
        timer.shutdownNow();
    }

    private void onSignal(String what) {
        try {
            if (what.equals(NetworkSignals.NETWORK)) {
                timer.execute(this::publishNetwork);
            } else if (what.equals(NetworkSignals.PROXY)) {
                timer.execute(() -> hub.publish("proxy", state.proxy()));
            }
        } catch (RejectedExecutionException e) {
            // deactivating
        }
    }

    private void pingRound() {
        if (hub.subscribers() == 0) {
            return; // nobody looks: no pings
        }
        try {
            Host host = services.host().orElse(null);
            if (host != null) {
                List<PeerId> peers = host.connections().stream().map(PeerConnection::peer).distinct().toList();
                latencies.retainOnly(peers);
                for (PeerId p : peers.subList(0, Math.min(peers.size(), MAX_PINGS_PER_ROUND))) {
                    try {
                        Duration rtt = host.ping(p);
                        latencies.record(p, Math.max(0, rtt.toMillis()));
                    } catch (IOException | RuntimeException e) {
                        latencies.record(p, -1);
                    }
                }
            }
            publishNetwork();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network view: {0}", e.toString());
        }
    }

    private void publishNetwork() {
        try {
            hub.publish("network", state.network());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network view: {0}", e.toString());
        }
    }
}
