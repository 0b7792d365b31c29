package io.nodus.gui.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.nodus.api.identity.PeerId;

/** The last ping round trip to each connected peer, in milliseconds ({@code -1}: the last ping failed). */
@Component(service = Latencies.class)
public final class Latencies {

    private final Map<PeerId, Long> millis = new ConcurrentHashMap<>();

    void record(PeerId peer, long ms) {
        millis.put(peer, ms);
    }

    void forget(PeerId peer) {
        millis.remove(peer);
    }

    void retainOnly(java.util.Collection<PeerId> peers) {
        millis.keySet().retainAll(peers);
    }

    /** Null when never measured. */
    Long of(PeerId peer) {
        return millis.get(peer);
    }
}
