package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.TrainingCoordinator;
import io.nodus.api.ml.TrainingOptions;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.ml.core.checkpoint.Checkpoint;
import io.nodus.ml.core.checkpoint.CheckpointStore;
import io.nodus.ml.core.train.ModelTrainer;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;

/**
 * The aggregator: {@link TrainingCoordinator} for the shell and GUI, and the aggregator side of
 * {@code /nodus/ml/1.0.0} for workers (model long-polls, updates, heartbeats) and remote controllers.
 * Checkpoints go to {@code <data>/checkpoints/}, metrics to {@code <data>/ml/}; a run found running in the
 * last checkpoint is resumed at activation.
 */
@Component(service = {TrainingCoordinator.class, ProtocolHandler.class},
        property = ProtocolHandler.PROTOCOL + "=" + MlProtocol.ID,
        configurationPid = AggregatorConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AggregatorConfig.class)
public class FederatedCoordinator implements TrainingCoordinator, ProtocolHandler {

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

    private volatile AggregatorConfig config;
    private final Traffic traffic = new Traffic();
    private ExecutorService pool;
    private ScheduledExecutorService timer;
    private CheckpointStore checkpoints;
    private MetricsLog metrics;
    private CoordinatorProtocol protocol;
    private volatile TrainingRun run;
    private volatile RelaySession relay;
    private volatile int relayWorkers;
    /** A relay's error-feedback residual of the run it relays, in {@code <data>/ml/}. */
    static final String RELAY_RESIDUAL_FILE = "relay-residual.bin";

    @Activate
    void activate(AggregatorConfig c) {
        config = c;
        pool = Executors.newCachedThreadPool(r -> daemon(r, "nodus-ml-io"));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "nodus-ml-timer"));
        checkpoints = new CheckpointStore(node.dataDir().resolve("checkpoints"));
        metrics = new MetricsLog(node.dataDir().resolve("ml"));
        protocol = new CoordinatorProtocol(this, new UpdateVerifier(identity), traffic, log);
        timer.scheduleWithFixedDelay(this::refreshRelayWorkers, 1, 2, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Optional<Checkpoint> last = checkpoints.latest();
            if (last.isPresent() && "running".equals(last.get().state().get(TrainingRun.STATE_KEY))) {
                TrainingRun r = TrainingRun.resume(context(), Path.of(c.datasetDir()), last.get());
                run = r;
                r.start();
                log.info("resuming run {} from {} (round {} done)", r.runId, checkpoints.directory(), last.get().round());
            }
        } catch (IOException | RuntimeException e) {
            log.error("could not resume from {}: {}", checkpoints.directory(), e.toString());
        }
    }

    @Modified
    void modified(AggregatorConfig c) {
        config = c;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        RelaySession rs = relay;
        if (rs != null) {
            rs.stop();
        }
        TrainingRun r = run;
        if (r != null) {
            r.suspend();
            r.awaitEnd(10_000);
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private RunContext context() {
        WorkerCalls calls = new WorkerCalls(() -> host, pool, traffic);
        return new RunContext(trainer, calls, new UpdateVerifier(identity), checkpoints, metrics, traffic, pool, timer,
                config, log);
    }

    @Override
    public synchronized TrainingStatus start(TrainingOptions options) {
        TrainingRun current = run;
        if (current != null && current.active()) {
            throw new IllegalStateException("run " + current.runId + " is still going (ml:stop first)");
        }
        RunPlan plan = RunPlan.of(options);
        RunContext ctx = context();
        List<WorkerCalls.Participant> chosen = choose(ctx.calls().participants(), options.clients());
        int clients = chosen.stream().mapToInt(WorkerCalls.Participant::weight).sum();
        if (clients < options.clients()) {
            throw new IllegalStateException("only " + clients + " workers connected, " + options.clients() + " requested");
        }
        if (clients != options.clients()) {
            // a relay brings all its workers: the run has one shard per worker
            plan = RunPlan.of(new TrainingOptions(options.model(), options.rounds(), clients, options.partition(),
                    options.mode(), options.aggregation(), options.compression(), options.localEpochs(), options.batchSize(),
                    options.learningRate(), options.samplesPerClient(), options.roundTimeout(), options.minParticipation(),
                    options.seed()));
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        TrainingRun r = TrainingRun.fresh(ctx, Path.of(config.datasetDir()), id, plan, chosen);
        run = r;
        r.start();
        log.info("run {} started: {}", id, options);
        return r.status();
    }

    @Override
    public TrainingStatus stop() {
        TrainingRun r = run;
        if (r == null) {
            return TrainingStatus.idle();
        }
        r.requestStop();
        try {
            r.awaitEnd(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PeerId w : Set.copyOf(r.roster.alive())) {
            pool.submit(() -> {
                try {
                    context().calls().call(w, MlMessage.of(MlOperation.STOP_TRAINING, Map.of(MlProtocol.RUN, r.runId)),
                            WorkerCalls.PROBE_TIMEOUT_MILLIS);
                } catch (IOException e) {
                    log.debug("stop of {} failed: {}", w, e.toString());
                }
            });
        }
        return r.status();
    }

    @Override
    public TrainingStatus status() {
        TrainingRun r = run;
        return r == null ? TrainingStatus.idle() : r.status();
    }

    @Override
    public Path checkpoint() throws IOException {
        TrainingRun r = run;
        if (r == null) {
            throw new IOException("no run to checkpoint");
        }
        return r.writeCheckpoint(r.active() ? "running" : r.status().state().name().toLowerCase());
    }

    /**
     * Relays first, the shards dealt round-robin among them up to the workers each reaches (relays may reach the
     * same workers; a worker joins only one of them), then direct workers, one shard each.
     */
    static List<WorkerCalls.Participant> choose(List<WorkerCalls.Participant> available, int clients) {
        List<WorkerCalls.Participant> relays = available.stream().filter(WorkerCalls.Participant::relay).toList();
        int[] dealt = new int[relays.size()];
        int left = clients;
        boolean progress = true;
        while (left > 0 && progress) {
            progress = false;
            for (int i = 0; i < relays.size() && left > 0; i++) {
                if (dealt[i] < relays.get(i).weight()) {
                    dealt[i]++;
                    left--;
                    progress = true;
                }
            }
        }
        List<WorkerCalls.Participant> out = new java.util.ArrayList<>();
        for (int i = 0; i < relays.size(); i++) {
            if (dealt[i] > 0) {
                out.add(new WorkerCalls.Participant(relays.get(i).peer(), dealt[i], true));
            }
        }
        for (WorkerCalls.Participant p : available) {
            if (left > 0 && !p.relay()) {
                out.add(p);
                left--;
            }
        }
        return out;
    }

    TrainingRun currentRun() {
        return run;
    }

    /** The run this node's workers report to: the relayed one in relay mode, else our own. */
    WorkerFacing workerFacing() {
        RelaySession r = relay;
        return r != null && r.running() ? r : run;
    }

    boolean relayMode() {
        return config.relay();
    }

    int relayWorkers() {
        return relayWorkers;
    }

    /** A parent aggregator recruits this relay into its run. */
    synchronized MlMessage joinAsRelay(PeerId parent, MlMessage start) {
        RelaySession current = relay;
        if (current != null && current.running()) {
            if (current.runId().equals(start.header(MlProtocol.RUN)) && current.parent().equals(parent)) {
                return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.SAMPLES, "0"));
            }
            current.stop();
        }
        RelaySession r = new RelaySession(context(), identity, parent, start,
                node.dataDir().resolve("ml").resolve(RELAY_RESIDUAL_FILE));
        relay = r;
        r.start();
        return MlMessage.of(MlOperation.OK, Map.of(MlProtocol.SAMPLES, "0", MlProtocol.ROLE, MlProtocol.ROLE_AGGREGATOR));
    }

    MlMessage relayShard(PeerId from, MlMessage m) {
        RelaySession r = relay;
        if (r == null || !r.running() || !r.parent().equals(from) || !r.runId().equals(m.header(MlProtocol.RUN))) {
            return MlMessage.error("unknown run " + m.header(MlProtocol.RUN, ""));
        }
        int images = io.nodus.ml.core.data.LabeledImages.decode(m.body()).count();
        r.acceptShard(m.intHeader(MlProtocol.SHARD), m.body(), images);
        return MlMessage.ok();
    }

    MlMessage relayStop(PeerId from, MlMessage m) {
        RelaySession r = relay;
        if (r != null && r.parent().equals(from) && r.runId().equals(m.header(MlProtocol.RUN, ""))) {
            r.stop();
        }
        return MlMessage.ok();
    }

    /** A relay's worker count, refreshed in the background (GET_STATUS must not probe: relays would probe each other). */
    private void refreshRelayWorkers() {
        if (config.relay()) {
            try {
                connectedWorkers();
            } catch (RuntimeException e) {
                relayWorkers = 0;
            }
        }
    }

    AggregatorConfig config() {
        return config;
    }

    /** Probes the connected peers; a relay also takes the count as the one it reports to its parent. */
    List<PeerId> connectedWorkers() {
        List<PeerId> workers = context().calls().connectedWorkers();
        if (config.relay()) {
            relayWorkers = workers.size();
        }
        return workers;
    }

    Path metricsFile() {
        return metrics.csv();
    }

    long[] traffic() {
        return new long[] {traffic.sent.get(), traffic.received.get()};
    }

    @Override
    public void handle(P2PStream stream) throws IOException {
        protocol.handle(stream);
    }

    /** Remote StartMLTraining: options as headers (absent ones take the defaults). */
    TrainingStatus startRemote(MlMessage m) {
        TrainingOptions d = TrainingOptions.defaults();
        Map<String, String> h = new HashMap<>(m.headers());
        TrainingOptions o = new TrainingOptions(h.getOrDefault("model", d.model()),
                Integer.parseInt(h.getOrDefault("rounds", "" + d.rounds())),
                Integer.parseInt(h.getOrDefault("clients", "" + d.clients())), h.getOrDefault("partition", d.partition()),
                h.getOrDefault("mode", d.mode()), h.getOrDefault("aggregation", d.aggregation()),
                h.getOrDefault("compression", d.compression()), Integer.parseInt(h.getOrDefault("epochs", "" + d.localEpochs())),
                Integer.parseInt(h.getOrDefault("batch", "" + d.batchSize())),
                Double.parseDouble(h.getOrDefault("lr", "" + d.learningRate())),
                Integer.parseInt(h.getOrDefault("samples", "" + d.samplesPerClient())),
                Duration.ofMillis(Long.parseLong(h.getOrDefault("timeout-ms", "" + d.roundTimeout().toMillis()))),
                Double.parseDouble(h.getOrDefault("min-participation", "" + d.minParticipation())),
                Long.parseLong(h.getOrDefault("seed", "" + d.seed())));
        return start(o);
    }

    boolean isController(PeerId peer) {
        for (String c : config.controllers()) {
            if (c.trim().equals(peer.toString())) {
                return true;
            }
        }
        return false;
    }
}
