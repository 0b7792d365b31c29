package io.nodus.gui.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.TrainingOptions;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.MlProtocolException;
import io.nodus.ml.core.wire.RoundHistoryCodec;

/**
 * An aggregator on another node, steered over {@value MlProtocol#ID} the way a controller does: GET_STATUS (anyone),
 * START_TRAINING and STOP_TRAINING (only peers listed in the aggregator's {@code controllers}). One request and one
 * reply per stream; a call that gets no reply within {@link #CALL_TIMEOUT} is reset.
 */
final class RemoteAggregator {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Host host;
    private final PeerId peer;
    private final ScheduledExecutorService timer;

    RemoteAggregator(Host host, PeerId peer, ScheduledExecutorService timer) {
        this.host = host;
        this.peer = peer;
        this.timer = timer;
    }

    /**
     * The peer's status reply: headers (role, state, run, round, rounds, participants, accuracy, loss, message) and,
     * from an aggregator, the per-round history in the body.
     */
    MlMessage status() throws IOException {
        return ok(call(MlMessage.of(MlOperation.GET_STATUS, Map.of())));
    }

    MlMessage start(TrainingOptions o) throws IOException {
        return ok(call(MlMessage.of(MlOperation.START_TRAINING, headers(o))));
    }

    MlMessage stop() throws IOException {
        return ok(call(MlMessage.of(MlOperation.STOP_TRAINING, Map.of())));
    }

    /** The options as the aggregator's remote start reads them (the names of the {@code ml:start} options). */
    static Map<String, String> headers(TrainingOptions o) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("model", o.model());
        h.put("rounds", Integer.toString(o.rounds()));
        h.put("clients", Integer.toString(o.clients()));
        h.put("partition", o.partition());
        h.put("mode", o.mode());
        h.put("aggregation", o.aggregation());
        h.put("compression", o.compression());
        h.put("epochs", Integer.toString(o.localEpochs()));
        h.put("batch", Integer.toString(o.batchSize()));
        h.put("lr", Double.toString(o.learningRate()));
        h.put("samples", Integer.toString(o.samplesPerClient()));
        h.put("timeout-ms", Long.toString(o.roundTimeout().toMillis()));
        h.put("min-participation", Double.toString(o.minParticipation()));
        h.put("seed", Long.toString(o.seed()));
        return h;
    }

    /**
     * A status reply as a {@link TrainingStatus} with every round the aggregator reports (the last
     * {@link TrainingStatus#MAX_HISTORY}); the protocol carries the participants' count, not their ids.
     */
    static TrainingStatus toStatus(MlMessage reply) throws MlProtocolException {
        Map<String, String> h = reply.headers();
        TrainingStatus.State state;
        try {
            state = TrainingStatus.State.valueOf(h.getOrDefault(MlProtocol.STATE, "idle").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            state = TrainingStatus.State.IDLE;
        }
        return new TrainingStatus(state, h.getOrDefault(MlProtocol.RUN, ""), intOf(h, "round"), intOf(h, "rounds"),
                List.of(), RoundHistoryCodec.decode(reply.body()), h.getOrDefault("message", ""));
    }

    static int intOf(Map<String, String> h, String key) {
        try {
            return Integer.parseInt(h.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static MlMessage ok(MlMessage reply) throws IOException {
        if (reply.op() != MlOperation.OK) {
            throw new IOException(reply.header(MlMessage.REASON, "refused"));
        }
        return reply;
    }

    private MlMessage call(MlMessage request) throws IOException {
        P2PStream s = host.newStream(peer, MlProtocol.ID);
        ScheduledFuture<?> guard = timer.schedule(s::reset, CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            MlFraming.write(s.output(), request);
            s.closeWrite();
            return MlFraming.read(s.input());
        } catch (IOException | RuntimeException e) {
            s.reset();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            guard.cancel(false);
            s.close();
        }
    }
}
