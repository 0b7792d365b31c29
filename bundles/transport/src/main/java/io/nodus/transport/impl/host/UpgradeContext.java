package io.nodus.transport.impl.host;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

import io.nodus.api.identity.PeerId;

import io.nodus.transport.impl.noise.NoiseConfig;
import io.nodus.transport.impl.yamux.YamuxConfig;
import io.nodus.transport.impl.yamux.YamuxStream;

/**
 * What every connection upgrade needs from the host.
 *
 * @param self           our peer ID: a connection authenticated as ourselves is refused
 * @param noise          our identity and early muxers for the Noise handshake
 * @param yamux          limits of each Yamux session
 * @param workers        runs inbound streams and blocking work, never the event loop
 * @param inboundStreams receives each inbound Yamux stream of a connection (on {@code workers})
 * @param sink           registers an upgraded connection, or refuses it (on the event loop, must not block)
 * @param upgradeTimeout the whole upgrade (multistream, Noise, muxer) must finish within it
 * @param traffic        counts the bytes of each connection and registers it once upgraded
 */
record UpgradeContext(PeerId self, NoiseConfig noise, YamuxConfig yamux, Executor workers,
        BiConsumer<Connection, YamuxStream> inboundStreams, Sink sink, Duration upgradeTimeout,
        HostTraffic traffic) {

    interface Sink {
        /** @return false to refuse the connection (it is closed) */
        boolean upgraded(Connection connection);
    }
}
