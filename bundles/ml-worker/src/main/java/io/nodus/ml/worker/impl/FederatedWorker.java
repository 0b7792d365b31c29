package io.nodus.ml.worker.impl;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.ml.TrainingWorker;
import io.nodus.api.ml.WorkerStatus;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.train.Architecture;
import io.nodus.ml.core.train.ModelTrainer;
import io.nodus.ml.core.train.TrainSettings;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;

/**
 * The worker side of {@code /nodus/ml/1.0.0}: an aggregator recruits this node (START_TRAINING), ships it data
 * shards (DISTRIBUTE_DATASET) and may end the run (STOP_TRAINING); the training itself runs in a
 * {@link WorkerSession}.
 */
@Component(service = {TrainingWorker.class, ProtocolHandler.class}, property = ProtocolHandler.PROTOCOL + "=" + MlProtocol.ID,
        configurationPid = WorkerConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WorkerConfig.class)
public class FederatedWorker implements TrainingWorker, ProtocolHandler {

    /** A busy worker moves to another aggregator only when its own has been silent this long (failover). */
    static final long REHOME_AFTER_MILLIS = 5_000;
    /** Error-feedback residual of the current run, in {@code <data>/ml/}. */
    static final String RESIDUAL_FILE = "residual.bin";

    /**
     * Optional and dynamic: the host tracks protocol handlers (this component among them), so a static
     * reference back to it would be a service cycle.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Host host;

    @Reference
    private NodeIdentity identity;

    @Reference
    private ModelTrainer trainer;

    @Reference
    private NodeInfo node;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private volatile WorkerConfig config;
    private volatile UpdateAttack attack = UpdateAttack.NONE;
    private WorkerSession session;

    @Activate
    @Modified
    void configure(WorkerConfig c) {
        config = c;
        attack = UpdateAttack.parse(c.attack());
        if (attack.kind() != UpdateAttack.Kind.NONE) {
            log.warn("attack simulation enabled: {}", c.attack());
        }
        log.info("attack simulation: {}", c.attack());
    }

    @Deactivate
    synchronized void deactivate() {
        if (session != null) {
            session.stop("stopped");
        }
    }

    @Override
    public void handle(P2PStream stream) throws IOException {
        MlMessage request = MlFraming.read(stream.input());
        MlMessage reply;
        try {
            reply = switch (request.op()) {
                case START_TRAINING -> start(stream, request);
                case DISTRIBUTE_DATASET -> shard(stream, request);
                case STOP_TRAINING -> stop(stream, request);
                case GET_STATUS -> statusReply();
                default -> MlMessage.error("a worker does not serve " + request.op());
            };
        } catch (IllegalArgumentException e) {
            reply = MlMessage.error(e.getMessage());
        }
        MlFraming.write(stream.output(), reply);
    }

    private synchronized MlMessage start(P2PStream stream, MlMessage m) {
        String run = m.header(MlProtocol.RUN);
        if (session != null && session.running()) {
            boolean sameAggregator = session.link().peer().equals(stream.remotePeer());
            if (session.plan().run().equals(run) && sameAggregator) {
                return statusReply();
            }
            if (!sameAggregator && session.silentMillis() < REHOME_AFTER_MILLIS) {
                return MlMessage.error("busy with run " + session.plan().run() + " of " + session.link().peer());
            }
            log.info("leaving run {} for run {} of {}", session.plan().run(), run, stream.remotePeer());
            session.stop("left");
        }
        WorkerSession.Plan plan = new WorkerSession.Plan(run, Architecture.parse(m.header(MlProtocol.MODEL)),
                new TrainSettings(m.intHeader(MlProtocol.EPOCHS), m.intHeader(MlProtocol.BATCH),
                        (float) m.doubleHeader(MlProtocol.LEARNING_RATE, 0.05), m.longHeader(MlProtocol.SEED)),
                Compression.parse(m.header(MlProtocol.COMPRESSION)));
        WorkerConfig c = config;
        session = new WorkerSession(plan, new AggregatorLink(() -> host, stream.remotePeer()), trainer, identity, attack,
                c.heartbeatMillis(), c.retryMillis(), node.dataDir().resolve("ml").resolve(RESIDUAL_FILE), log);
        session.start();
        log.info("joined run {} of aggregator {}: {} E={} B={} lr={} compression={}", run, stream.remotePeer(),
                plan.architecture().id(), plan.settings().epochs(), plan.settings().batchSize(),
                plan.settings().learningRate(), plan.compression());
        return statusReply();
    }

    private synchronized MlMessage shard(P2PStream stream, MlMessage m) {
        WorkerSession s = ownSession(stream, m);
        LabeledImages data = LabeledImages.decode(m.body());
        int id = m.intHeader(MlProtocol.SHARD);
        s.addShard(id, data);
        log.info("shard {} received: {} images ({} bytes, SHA-256 verified); {} samples held", id, data.count(),
                m.body().length, s.samples());
        return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.SAMPLES, Long.toString(s.samples())));
    }

    private synchronized MlMessage stop(P2PStream stream, MlMessage m) {
        WorkerSession s = ownSession(stream, m);
        s.stop("stopped");
        log.info("run {} stopped by the aggregator", s.plan().run());
        return statusReply();
    }

    private WorkerSession ownSession(P2PStream stream, MlMessage m) {
        String run = m.header(MlProtocol.RUN);
        WorkerSession s = session;
        if (s == null || !s.plan().run().equals(run)) {
            throw new IllegalArgumentException("unknown run " + run);
        }
        if (!s.link().peer().equals(stream.remotePeer())) {
            throw new IllegalArgumentException("run " + run + " belongs to another aggregator");
        }
        return s;
    }

    private MlMessage statusReply() {
        WorkerStatus st = status();
        return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.ROLE, MlProtocol.ROLE_WORKER, MlProtocol.STATE, st.state(),
                MlProtocol.RUN, st.runId(), MlProtocol.VERSION, Integer.toString(st.modelVersion()),
                MlProtocol.SAMPLES, Long.toString(st.samples())));
    }

    @Override
    public synchronized WorkerStatus status() {
        return session == null ? new WorkerStatus("idle", "", "", -1, 0, 0, Double.NaN, Double.NaN) : session.status();
    }
}
