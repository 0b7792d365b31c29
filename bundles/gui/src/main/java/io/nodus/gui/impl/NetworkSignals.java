package io.nodus.gui.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.PeerId;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.proxy.ProxyStatusListener;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.PeerConnection;

/**
 * Hears connections and proxy status changes (whiteboard listeners) and only signals them to {@link NetworkWatch}:
 * the host and the routing policy bind this while they activate, so it must not ask them anything back.
 */
@Component(service = {ConnectionListener.class, ProxyStatusListener.class})
public final class NetworkSignals implements ConnectionListener, ProxyStatusListener {

    static final String NETWORK = "network";
    static final String PROXY = "proxy";

    private final EventHub hub;
    private final Latencies latencies;

    @Activate
    public NetworkSignals(@Reference EventHub hub, @Reference Latencies latencies) {
        this.hub = hub;
        this.latencies = latencies;
    }

    @Override
    public void connected(PeerConnection connection) {
        hub.signal(NETWORK);
    }

    @Override
    public void disconnected(PeerId peer) {
        latencies.forget(peer);
        hub.signal(NETWORK);
    }

    @Override
    public void statusChanged(ProxyStatus status) {
        hub.signal(PROXY);
    }
}
