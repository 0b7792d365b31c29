package io.nodus.transport.impl.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.nodus.api.transport.ProtocolHandler;
import io.nodus.transport.impl.multistream.MultistreamStreams;
import io.nodus.transport.impl.yamux.YamuxStream;

/**
 * Protocol selection on streams (connections spec, "Opening New Streams Over a Connection"): inbound streams are
 * negotiated against the protocols we serve now and handed to their handler, outbound ones select the first
 * protocol the remote supports. Negotiation must finish within {@link #NEGOTIATION_TIMEOUT} or the stream is reset.
 */
final class StreamDispatcher {

    static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(StreamDispatcher.class.getName());

    private final ProtocolRegistry registry;
    private final ScheduledExecutorService timer;
    private final HostTraffic traffic;

    StreamDispatcher(ProtocolRegistry registry, ScheduledExecutorService timer, HostTraffic traffic) {
        this.registry = registry;
        this.timer = timer;
        this.traffic = traffic;
    }

    /** Serves one inbound stream; runs on a worker thread until the handler returns, then closes the stream. */
    void serve(Connection connection, YamuxStream stream) {
        connection.touch();
        String protocol;
        ScheduledFuture<?> deadline = resetAfterTimeout(stream);
        try {
            protocol = MultistreamStreams.respond(stream.input(), stream.output(), registry.protocols());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "protocol negotiation on inbound stream from {0} failed: {1}", connection.peer(),
                    e.getMessage());
            stream.reset();
            return;
        } finally {
            deadline.cancel(false);
        }
        ProtocolHandler handler = registry.handler(protocol);
        if (handler == null) {
            LOG.log(Level.DEBUG, "{0}: handler went away during negotiation", protocol);
            stream.reset();
            return;
        }
        HostStream p2p = new HostStream(stream, protocol, connection);
        traffic.streamOpened(protocol, false, stream);
        try {
            handler.handle(p2p);
            p2p.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0} stream from {1} ended: {2}", protocol, connection.peer(), e.getMessage());
            p2p.reset();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, protocol + " handler failed on a stream from " + connection.peer(), e);
            p2p.reset();
        }
    }

    /** Opens a stream and selects the first of {@code protocols} the remote supports. */
    HostStream open(Connection connection, List<String> protocols) throws IOException {
        YamuxStream stream = connection.openStream(NEGOTIATION_TIMEOUT);
        ScheduledFuture<?> deadline = resetAfterTimeout(stream);
        try {
            String protocol = MultistreamStreams.select(stream.input(), stream.output(), protocols);
            traffic.streamOpened(protocol, true, stream);
            return new HostStream(stream, protocol, connection);
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private ScheduledFuture<?> resetAfterTimeout(YamuxStream stream) {
        return timer.schedule(stream::reset, NEGOTIATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
