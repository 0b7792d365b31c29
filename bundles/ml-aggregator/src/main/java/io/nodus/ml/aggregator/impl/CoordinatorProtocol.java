package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.log.Logger;

import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.transport.P2PStream;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.RoundHistoryCodec;

/** The aggregator's answers on {@code /nodus/ml/1.0.0}; one request and one reply per stream. */
final class CoordinatorProtocol {

    private final FederatedCoordinator coordinator;
    private final UpdateVerifier verifier;
    private final Traffic traffic;
    private final Logger log;

    CoordinatorProtocol(FederatedCoordinator coordinator, UpdateVerifier verifier, Traffic traffic, Logger log) {
        this.coordinator = coordinator;
        this.verifier = verifier;
        this.traffic = traffic;
        this.log = log;
    }

    void handle(P2PStream stream) throws IOException {
        MlMessage request = MlFraming.read(stream.input());
        traffic.received.addAndGet(request.wireSize());
        PeerId from = stream.remotePeer();
        MlMessage reply;
        try {
            reply = switch (request.op()) {
                case GET_MODEL_UPDATE -> modelUpdate(from, request);
                case SUBMIT_GRADIENT -> submit(from, request);
                case HEARTBEAT -> heartbeat(from, request);
                case GET_STATUS -> relayed(status(coordinator.status()));
                case START_TRAINING -> coordinator.relayMode() && request.headers().containsKey(MlProtocol.RUN)
                        ? coordinator.joinAsRelay(from, request)
                        : controlled(from, () -> status(coordinator.startRemote(request)));
                case DISTRIBUTE_DATASET -> coordinator.relayMode() ? coordinator.relayShard(from, request)
                        : MlMessage.error("an aggregator takes shards only in relay mode");
                case STOP_TRAINING -> coordinator.relayMode() && request.headers().containsKey(MlProtocol.RUN)
                        ? coordinator.relayStop(from, request)
                        : controlled(from, () -> status(coordinator.stop()));
                default -> MlMessage.error("an aggregator does not serve " + request.op());
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            reply = MlMessage.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = MlMessage.error("aggregator shutting down");
        }
        MlFraming.write(stream.output(), reply);
        traffic.sent.addAndGet(reply.wireSize());
    }

    private MlMessage relayed(MlMessage status) {
        if (!coordinator.relayMode()) {
            return status;
        }
        Map<String, String> h = new HashMap<>(status.headers());
        h.put(WorkerCalls.RELAY, "true");
        h.put(WorkerCalls.WORKERS, Integer.toString(coordinator.relayWorkers()));
        return new MlMessage(MlOperation.OK, h, status.body());
    }

    private interface Action {
        MlMessage run();
    }

    private MlMessage controlled(PeerId from, Action a) {
        if (!coordinator.isController(from)) {
            return MlMessage.error("peer " + from + " may not control training here (see controllers in "
                    + AggregatorConfig.PID + ")");
        }
        return a.run();
    }

    private WorkerFacing runOf(MlMessage m) {
        WorkerFacing r = coordinator.workerFacing();
        String run = m.header(MlProtocol.RUN);
        if (r == null || !r.runId().equals(run)) {
            throw new IllegalArgumentException("unknown run " + run);
        }
        return r;
    }

    private MlMessage modelUpdate(PeerId from, MlMessage m) throws InterruptedException {
        WorkerFacing r = runOf(m);
        if (!r.roster().seen(from, -1)) {
            return MlMessage.error("not a participant of run " + r.runId());
        }
        ModelBoard.Snapshot s = r.board().await(m.intHeader(MlProtocol.HAVE), coordinator.config().pollTimeoutMillis());
        if (s.done()) {
            return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.STATE, MlProtocol.STATE_DONE));
        }
        if (s.model() == null) {
            return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.STATE, MlProtocol.STATE_WAIT));
        }
        return new MlMessage(MlOperation.OK, Map.of(MlProtocol.STATE, "model", MlProtocol.VERSION,
                Integer.toString(s.version())), s.model());
    }

    private MlMessage submit(PeerId from, MlMessage m) {
        WorkerFacing r = runOf(m);
        if (!r.roster().seen(from, -1)) {
            return MlMessage.error("not a participant of run " + r.runId());
        }
        RoundInbox box = r.inbox();
        if (box == null) {
            return MlMessage.error("no round open");
        }
        try {
            int version = m.intHeader(MlProtocol.VERSION);
            int current = r.board().version();
            int staleness = current - version;
            if (r.async()) {
                if (staleness < 0 || staleness > coordinator.config().maxStaleness()) {
                    throw new UpdateRejected("stale update (version " + version + ", current " + current + ") discarded");
                }
            } else if (version != box.round() - 1) {
                throw new UpdateRejected("late update for round " + (version + 1) + " discarded (round " + box.round() + " open)");
            }
            Contribution c = verifier.verify(from, m, r.runId(), r.global(), Math.max(0, staleness));
            for (int attempt = 0;; attempt++) {
                try {
                    box.offer(from, c);
                    r.accepted(box, c);
                    break;
                } catch (UpdateRejected closed) {
                    RoundInbox next = r.inbox();
                    if (!r.async() || next == box || attempt > 0) {
                        throw closed;
                    }
                    box = next;
                }
            }
            return MlMessage.ok();
        } catch (UpdateRejected e) {
            box.rejected(from, e.getMessage());
            if (!r.async()) {
                // the worker will not send another update for this round: the barrier stops waiting for it
                box.drop(from);
            }
            log.warn("update from {} rejected: {}", from, e.getMessage());
            return MlMessage.error(e.getMessage());
        }
    }

    private MlMessage heartbeat(PeerId from, MlMessage m) {
        WorkerFacing r = runOf(m);
        long samples = Long.parseLong(m.header(MlProtocol.SAMPLES, "-1"));
        if (!r.roster().seen(from, samples)) {
            return MlMessage.error("not a participant of run " + r.runId());
        }
        return MlMessage.ok();
    }

    /** GetMLTrainingStatus: the run as headers, the last round's figures among them, and every round in the body. */
    static MlMessage status(TrainingStatus s) {
        Map<String, String> h = new HashMap<>();
        h.put(MlProtocol.ROLE, MlProtocol.ROLE_AGGREGATOR);
        h.put(MlProtocol.STATE, s.state().name().toLowerCase());
        h.put(MlProtocol.RUN, s.runId());
        h.put("round", Integer.toString(s.round()));
        h.put("rounds", Integer.toString(s.totalRounds()));
        h.put("participants", Integer.toString(s.participants().size()));
        if (!s.history().isEmpty()) {
            var last = s.history().get(s.history().size() - 1);
            h.put(MlProtocol.ACCURACY, Double.toString(last.accuracy()));
            h.put(MlProtocol.LOSS, Double.toString(last.loss()));
        }
        h.put("message", s.message());
        return new MlMessage(MlOperation.OK, h, RoundHistoryCodec.encode(s.history()));
    }
}
