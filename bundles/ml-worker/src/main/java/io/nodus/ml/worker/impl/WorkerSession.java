package io.nodus.ml.worker.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.log.Logger;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.ml.WorkerStatus;
import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ErrorFeedback;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.tensor.TensorFormatException;
import io.nodus.ml.core.train.Architecture;
import io.nodus.ml.core.train.ModelTrainer;
import io.nodus.ml.core.train.TrainResult;
import io.nodus.ml.core.train.TrainSettings;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.UpdateSignature;

/**
 * One run this worker takes part in: polls the aggregator for the global model, trains on its shards, sends
 * the signed (and possibly compressed, with error feedback) difference, and sends heartbeats meanwhile. The
 * error-feedback residual is saved after every round, so a worker restarted into the same run continues with it.
 */
final class WorkerSession {

    record Plan(String run, Architecture architecture, TrainSettings settings, Compression compression) {
    }

    private final Plan plan;
    private final AggregatorLink link;
    private final ModelTrainer trainer;
    private final NodeIdentity identity;
    private final UpdateAttack attack;
    private final long heartbeatMillis;
    private final long retryMillis;
    private final Logger log;
    private final Path residualFile;

    private final Map<Integer, LabeledImages> shards = new TreeMap<>();
    private final ErrorFeedback feedback = new ErrorFeedback();
    private final Thread loop;
    private final Thread heartbeat;
    private volatile boolean running = true;
    private volatile String state = "waiting";
    private volatile int modelVersion = -1;
    private volatile int updatesSent;
    private volatile double lastLoss = Double.NaN;
    private volatile double lastAccuracy = Double.NaN;
    private volatile long lastContact = System.nanoTime();

    WorkerSession(Plan plan, AggregatorLink link, ModelTrainer trainer, NodeIdentity identity, UpdateAttack attack,
            long heartbeatMillis, long retryMillis, Path residualFile, Logger log) {
        this.plan = plan;
        this.link = link;
        this.trainer = trainer;
        this.identity = identity;
        this.attack = attack;
        this.heartbeatMillis = heartbeatMillis;
        this.retryMillis = retryMillis;
        this.log = log;
        this.residualFile = residualFile;
        try {
            if (plan.compression().lossy() && feedback.load(residualFile, plan.run())) {
                log.info("continuing run {} with the error-feedback residual saved in {}", plan.run(), residualFile);
            }
        } catch (IOException e) {
            log.warn("residual {} unreadable, starting from none: {}", residualFile, e.toString());
        }
        this.loop = new Thread(this::trainLoop, "nodus-ml-worker-" + plan.run());
        this.heartbeat = new Thread(this::heartbeatLoop, "nodus-ml-heartbeat-" + plan.run());
        loop.setDaemon(true);
        heartbeat.setDaemon(true);
    }

    Plan plan() {
        return plan;
    }

    AggregatorLink link() {
        return link;
    }

    void start() {
        loop.start();
        heartbeat.start();
    }

    void stop(String why) {
        running = false;
        state = why;
        loop.interrupt();
        heartbeat.interrupt();
        synchronized (shards) {
            shards.notifyAll();
        }
    }

    boolean running() {
        return running;
    }

    /** Milliseconds since the aggregator last answered. */
    long silentMillis() {
        return (System.nanoTime() - lastContact) / 1_000_000;
    }

    void addShard(int id, LabeledImages data) {
        synchronized (shards) {
            shards.put(id, data);
            shards.notifyAll();
        }
    }

    long samples() {
        synchronized (shards) {
            return shards.values().stream().mapToLong(LabeledImages::count).sum();
        }
    }

    private LabeledImages data() {
        synchronized (shards) {
            LabeledImages all = null;
            for (LabeledImages s : shards.values()) {
                all = all == null ? s : all.concat(s);
            }
            return all;
        }
    }

    WorkerStatus status() {
        return new WorkerStatus(state, plan.run(), link.peer().toString(), modelVersion, samples(), updatesSent,
                lastLoss, lastAccuracy);
    }

    private void trainLoop() {
        int have = -1;
        while (running) {
            try {
                MlMessage reply = link.call(MlMessage.of(MlOperation.GET_MODEL_UPDATE,
                        Map.of(MlProtocol.RUN, plan.run(), MlProtocol.HAVE, Integer.toString(have))));
                lastContact = System.nanoTime();
                if (!reply.isOk()) {
                    state = "refused: " + reply.header(MlMessage.REASON, "?");
                    pause(retryMillis);
                    continue;
                }
                String s = reply.header(MlProtocol.STATE, "");
                if (MlProtocol.STATE_DONE.equals(s)) {
                    stop("finished");
                    break;
                }
                if (MlProtocol.STATE_WAIT.equals(s)) {
                    continue;
                }
                int version = reply.intHeader(MlProtocol.VERSION);
                ModelWeights global = TensorCodec.decode(reply.body());
                modelVersion = version;
                LabeledImages data = awaitData();
                if (data == null) {
                    continue;
                }
                state = "training";
                TrainSettings base = plan.settings();
                TrainSettings settings = new TrainSettings(base.epochs(), base.batchSize(), base.learningRate(),
                        base.seed() * 1_000_003L + version * 7919L + identity.peerId().hashCode());
                TrainResult result = trainer.train(plan.architecture(), global, data, settings);
                lastLoss = result.loss();
                lastAccuracy = result.accuracy();
                state = "submitting";
                submit(version, result.weights().minus(global), result);
                have = version;
                state = "waiting";
            } catch (IOException e) {
                if (running) {
                    state = "reconnecting";
                    log.debug("aggregator {} unreachable: {}", link.peer(), e.toString());
                    pause(retryMillis);
                }
            } catch (RuntimeException e) {
                if (running) {
                    state = "error: " + e.getMessage();
                    log.error("training step failed: {}", e.toString(), e);
                    pause(retryMillis);
                }
            }
        }
    }

    private LabeledImages awaitData() {
        synchronized (shards) {
            if (shards.isEmpty() && running) {
                state = "waiting for data";
                try {
                    shards.wait(retryMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            return shards.isEmpty() ? null : data();
        }
    }

    private void submit(int version, ModelWeights delta, TrainResult result) throws IOException {
        byte[] body = attack.sendsGarbage() ? "not a tensor".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
                : feedback.encode(attack.apply(delta), plan.compression());
        Map<String, String> h = new HashMap<>();
        h.put(MlProtocol.RUN, plan.run());
        h.put(MlProtocol.VERSION, Integer.toString(version));
        h.put(MlProtocol.SAMPLES, Long.toString(result.samples()));
        h.put(MlProtocol.LOSS, Double.toString(result.loss()));
        h.put(MlProtocol.ACCURACY, Double.toString(result.accuracy()));
        h.put(MlProtocol.COMPRESSION, plan.compression().toString());
        if (attack.signs()) {
            byte[] signature = identity.sign(UpdateSignature.signedBytes(plan.run(), identity.peerId().toString(),
                    version, result.samples(), body));
            if (attack.corruptsSignature()) {
                signature[0] ^= 1;
            }
            h.put(MlProtocol.SIGNATURE, Base64.getEncoder().encodeToString(signature));
        }
        MlMessage reply = link.call(new MlMessage(MlOperation.SUBMIT_GRADIENT, h, body));
        lastContact = System.nanoTime();
        updatesSent++;
        if (!reply.isOk()) {
            log.warn("update for version {} rejected: {}", version, reply.header(MlMessage.REASON, "?"));
        }
        if (plan.compression().lossy()) {
            try {
                feedback.save(residualFile, plan.run());
            } catch (IOException e) {
                log.warn("residual not saved to {}: {}", residualFile, e.toString());
            }
        }
    }

    private void heartbeatLoop() {
        while (running) {
            try {
                link.call(MlMessage.of(MlOperation.HEARTBEAT, Map.of(MlProtocol.RUN, plan.run(), MlProtocol.STATE,
                        state, MlProtocol.SAMPLES, Long.toString(samples()))));
                lastContact = System.nanoTime();
            } catch (IOException | TensorFormatException e) {
                log.debug("heartbeat to {} failed: {}", link.peer(), e.toString());
            }
            pause(heartbeatMillis);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
