package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.aggregate.FedAvg;
import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ErrorFeedback;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;
import io.nodus.ml.core.wire.UpdateSignature;

/**
 * A relay (intermediate) aggregator's part in its parent's run. To the parent it is one participant whose weight
 * is the samples of all its workers: it takes the parent's model, runs the round over its own workers (verifying
 * their signed updates), and sends the parent their sample-weighted mean, signed by itself. FedAvg of such
 * partial means weighted by their sample sums equals FedAvg over all workers. Shards the parent sends are passed
 * on to the relay's workers, to an idle connected worker first (this is how the workers of a dead relay re-home).
 */
final class RelaySession extends WorkerGroup {

    static final long HEARTBEAT_MILLIS = 1000;
    static final long RETRY_MILLIS = 1000;

    private final NodeIdentity identity;
    private final PeerId parent;
    private final MlMessage startMessage;
    private final Compression compression;
    private final long roundTimeoutMillis;
    private final Map<Integer, byte[]> shards = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> shardSizes = new ConcurrentHashMap<>();
    private final ErrorFeedback feedback = new ErrorFeedback();
    private final Path residualFile;
    private final Object placement = new Object();
    private final Thread loop;
    private final Thread heartbeat;
    private volatile boolean running = true;
    private volatile ModelWeights global;
    private volatile String state = "joining";

    /** {@code residualFile}: where the error-feedback residual of a lossy compression is kept between rounds. */
    RelaySession(RunContext ctx, NodeIdentity identity, PeerId parent, MlMessage start, Path residualFile) {
        super(ctx, start.header(MlProtocol.RUN), new WorkerRoster());
        this.identity = identity;
        this.parent = parent;
        this.compression = Compression.parse(start.header(MlProtocol.COMPRESSION, "none"));
        this.roundTimeoutMillis = Long.parseLong(start.header(TrainingRun.TIMEOUT_HEADER, "60000"));
        this.startMessage = start;
        this.residualFile = residualFile;
        try {
            // a relay restarted into the same run goes on with what its compression had not sent yet
            if (compression.lossy() && feedback.load(residualFile, runId)) {
                ctx.log().info("relaying run {} with the error-feedback residual saved in {}", runId, residualFile);
            }
        } catch (IOException e) {
            ctx.log().warn("residual {} unreadable, starting from none: {}", residualFile, e.toString());
        }
        this.loop = new Thread(this::relayLoop, "nodus-ml-relay-" + runId);
        this.heartbeat = new Thread(this::heartbeatLoop, "nodus-ml-relay-heartbeat-" + runId);
        loop.setDaemon(true);
        heartbeat.setDaemon(true);
    }

    PeerId parent() {
        return parent;
    }

    /** Starts relaying; workers are recruited as the parent's shards arrive (one shard per idle worker). */
    void start() {
        startMonitor();
        loop.start();
        heartbeat.start();
        ctx.log().info("relaying run {} of {}", runId, parent);
    }

    void stop() {
        running = false;
        board.finish();
        cancelRound();
        stopMonitor();
        loop.interrupt();
        heartbeat.interrupt();
    }

    boolean running() {
        return running;
    }

    int workers() {
        return roster.alive().size();
    }

    private boolean recruit(PeerId w) {
        try {
            MlMessage reply = ctx.calls().call(w, startMessage, WorkerCalls.PROBE_TIMEOUT_MILLIS);
            if (reply.isOk()) {
                roster.add(w);
                roster.seen(w, -1);
                return true;
            }
            ctx.log().info("worker {} did not join relayed run {}: {}", w, runId, reply.header(MlMessage.REASON, "?"));
        } catch (IOException | RuntimeException e) {
            ctx.log().warn("could not recruit {}: {}", w, e.toString());
        }
        return false;
    }

    /** A shard from the parent: to an idle connected worker if there is one, else to the least-loaded member. */
    void acceptShard(int shard, byte[] body, int images) {
        shards.put(shard, body);
        shardSizes.put(shard, images);
        // placed before the parent's call returns: the parent opens round 1 only after shipping every shard
        placeShard(shard);
    }

    private void placeShard(int shard) {
        PeerId target = null;
        synchronized (placement) {
            for (PeerId w : ctx.calls().connectedWorkers()) {
                if ((!roster.contains(w) || roster.shardsOf(w).isEmpty() && roster.isAlive(w))
                        && (roster.isAlive(w) || recruit(w))) {
                    target = w;
                    break;
                }
            }
            if (target == null) {
                target = roster.leastLoaded(this::shardSize);
            }
            if (target != null) {
                roster.assign(target, shard);
            }
        }
        if (target != null) {
            try {
                ship(shard, target);
            } catch (IOException | RuntimeException e) {
                ctx.log().warn("passing shard {} to {} failed: {}", shard, target, e.toString());
            }
        } else {
            ctx.log().warn("no worker to take shard {} of run {}", shard, runId);
        }
    }

    @Override
    int shardSize(int shard) {
        return shardSizes.getOrDefault(shard, 0);
    }

    @Override
    byte[] shardBody(int shard) {
        return shards.get(shard);
    }

    @Override
    void workerDied(PeerId dead, Map<Integer, PeerId> moves) {
        ctx.log().info("relay: worker {} declared dead; shards {} move to {}", dead, moves.keySet(), moves.values());
    }

    @Override
    PeerId recruitSpare() {
        synchronized (placement) {
            for (PeerId w : ctx.calls().connectedWorkers()) {
                if (running && !roster.contains(w) && recruit(w)) {
                    return w;
                }
            }
        }
        return null;
    }

    private void relayLoop() {
        int have = -1;
        while (running) {
            try {
                MlMessage reply = ctx.calls().call(parent, MlMessage.of(MlOperation.GET_MODEL_UPDATE,
                        Map.of(MlProtocol.RUN, runId, MlProtocol.HAVE, Integer.toString(have))), WorkerCalls.CALL_TIMEOUT_MILLIS);
                if (!reply.isOk()) {
                    state = "refused: " + reply.header(MlMessage.REASON, "?");
                    pause(RETRY_MILLIS);
                    continue;
                }
                String s = reply.header(MlProtocol.STATE, "");
                if (MlProtocol.STATE_DONE.equals(s)) {
                    ctx.log().info("run {} of {} is over", runId, parent);
                    stop();
                    return;
                }
                if (MlProtocol.STATE_WAIT.equals(s)) {
                    continue;
                }
                int version = reply.intHeader(MlProtocol.VERSION);
                relayRound(version, TensorCodec.decode(reply.body()));
                have = version;
            } catch (IOException e) {
                state = "parent unreachable";
                pause(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                ctx.log().error("relay round failed: {}", e.toString(), e);
                pause(RETRY_MILLIS);
            }
        }
    }

    private void relayRound(int version, ModelWeights model) throws IOException, InterruptedException {
        global = model;
        RoundInbox box = openRound(model, version);
        state = "round " + (version + 1);
        box.awaitAll(System.nanoTime() + roundTimeoutMillis * 1_000_000);
        List<Contribution> updates = closeRound(box);
        if (updates.isEmpty() || !running) {
            return;
        }
        long samples = updates.stream().mapToLong(Contribution::samples).sum();
        float[] mean = new FedAvg().aggregate(updates);
        byte[] body = feedback.encode(new ModelWeights(model.specs(), mean), compression);
        byte[] sig = identity.sign(UpdateSignature.signedBytes(runId, identity.peerId().toString(), version, samples, body));
        Map<String, String> h = new HashMap<>();
        h.put(MlProtocol.RUN, runId);
        h.put(MlProtocol.VERSION, Integer.toString(version));
        h.put(MlProtocol.SAMPLES, Long.toString(samples));
        h.put(MlProtocol.COMPRESSION, compression.toString());
        h.put(MlProtocol.SIGNATURE, Base64.getEncoder().encodeToString(sig));
        MlMessage reply = ctx.calls().call(parent, new MlMessage(MlOperation.SUBMIT_GRADIENT, h, body),
                WorkerCalls.CALL_TIMEOUT_MILLIS);
        ctx.log().info("relayed round {}: {} updates, {} samples -> {}", version + 1, updates.size(), samples,
                reply.isOk() ? "accepted" : reply.header(MlMessage.REASON, "?"));
        if (compression.lossy()) {
            try {
                feedback.save(residualFile, runId);
            } catch (IOException e) {
                ctx.log().warn("residual not saved to {}: {}", residualFile, e.toString());
            }
        }
    }

    private void heartbeatLoop() {
        while (running) {
            try {
                long held = roster.alive().stream().flatMap(p -> roster.shardsOf(p).stream()).mapToLong(this::shardSize).sum();
                ctx.calls().call(parent, MlMessage.of(MlOperation.HEARTBEAT, Map.of(MlProtocol.RUN, runId,
                        MlProtocol.STATE, state, MlProtocol.SAMPLES, Long.toString(held))), WorkerCalls.PROBE_TIMEOUT_MILLIS);
            } catch (IOException | RuntimeException e) {
                ctx.log().debug("heartbeat to {} failed: {}", parent, e.toString());
            }
            pause(HEARTBEAT_MILLIS);
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

    @Override
    public ModelWeights global() {
        return global;
    }

    @Override
    public boolean async() {
        return false;
    }
}
