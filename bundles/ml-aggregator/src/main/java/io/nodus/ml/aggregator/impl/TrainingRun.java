package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.RoundMetrics;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.ml.TrainingStatus.State;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.checkpoint.Checkpoint;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.train.Evaluation;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;

/**
 * One federated training run on its own thread: recruits the workers and ships their shards, then runs
 * synchronous rounds (barrier with deadline and quorum) or asynchronous buffered steps, evaluating,
 * logging and checkpointing after each. A run restored from a checkpoint continues with the next round.
 */
final class TrainingRun extends WorkerGroup {

    static final String STATE_KEY = "run.state";
    static final String TIMEOUT_HEADER = "timeout-ms";
    /** A sync round whose quorum is not met is extended this many times before the run fails. */
    static final int MAX_EXTENSIONS = 3;
    /** After a restart, workers get this long to reconnect before they count as dead. */
    static final long RESUME_GRACE_MILLIS = 45_000;

    private final Path datasetDir;
    final RunPlan plan;
    private final List<PeerId> recruits;
    private final boolean resumed;
    private final List<RoundMetrics> history = new ArrayList<>();
    private final Thread thread;

    private volatile ModelWeights global;
    private volatile int round;
    private volatile State state = State.STARTING;
    private volatile String message = "";
    private volatile boolean stopRequested;
    /** Guards the async buffer's files against a late update racing the end of the run. */
    private final Object pendingLock = new Object();
    private boolean pendingClosed;
    /** Stopped because the node is going down, not by ml:stop: the last checkpoint stays resumable. */
    private volatile boolean suspended;
    private volatile RunData data;

    private TrainingRun(RunContext ctx, Path datasetDir, String runId, RunPlan plan, WorkerRoster roster,
            List<PeerId> recruits, ModelWeights global, int round) {
        super(ctx, runId, roster);
        this.datasetDir = datasetDir;
        this.plan = plan;
        this.recruits = recruits;
        this.resumed = global != null;
        this.global = global;
        this.round = round;
        this.thread = new Thread(this::run, "nodus-ml-run-" + runId);
        thread.setDaemon(true);
    }

    /** A new run; a relay aggregator among the participants takes one shard per worker behind it. */
    static TrainingRun fresh(RunContext ctx, Path datasetDir, String runId, RunPlan plan, List<WorkerCalls.Participant> participants) {
        WorkerRoster roster = new WorkerRoster();
        List<PeerId> peers = new ArrayList<>();
        int shard = 0;
        for (WorkerCalls.Participant p : participants) {
            peers.add(p.peer());
            for (int i = 0; i < p.weight(); i++) {
                roster.assign(p.peer(), shard++);
            }
        }
        return new TrainingRun(ctx, datasetDir, runId, plan, roster, peers, null, 0);
    }

    static TrainingRun resume(RunContext ctx, Path datasetDir, Checkpoint c) {
        WorkerRoster roster = WorkerRoster.fromState(c.state());
        roster.grace(RESUME_GRACE_MILLIS * 1_000_000);
        return new TrainingRun(ctx, datasetDir, c.runId(), RunPlan.fromState(c.state()), roster,
                List.copyOf(roster.alive()), c.global(), c.round());
    }

    void start() {
        thread.start();
    }

    void requestStop() {
        stopRequested = true;
        cancelRound();
    }

    /**
     * Ends the run because the node is shutting down: like a stop, but its last checkpoint says "running", so the
     * aggregator restarted on the same data dir resumes it (with the async buffer) instead of leaving it stopped.
     */
    void suspend() {
        suspended = true;
        requestStop();
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public ModelWeights global() {
        return global;
    }

    @Override
    public boolean async() {
        return plan.async();
    }

    RunData data() {
        return data;
    }

    boolean active() {
        return state == State.STARTING || state == State.RUNNING;
    }

    TrainingStatus status() {
        List<String> alive = roster.alive().stream().map(PeerId::toString).toList();
        synchronized (history) {
            return new TrainingStatus(state, runId, round, plan.options().rounds(), alive, history, message);
        }
    }

    List<String> rosterLines() {
        return roster.describe(this::shardSize);
    }

    private void run() {
        try {
            data = RunData.prepare(datasetDir, plan, ctx.config().testSamples());
            if (resumed) {
                synchronized (history) {
                    history.addAll(ctx.metrics().read(runId));
                }
                note("resumed run " + runId + " after round " + round + " from checkpoint");
            } else {
                global = ctx.trainer().initialWeights(plan.architecture(), plan.options().seed());
                ctx.metrics().begin();
                writeCheckpoint("running");
            }
            recruit();
            // liveness counts from here: preparing data and recruiting can take a while on a loaded machine
            if (!resumed) {
                roster.grace(0);
            }
            startMonitor();
            state = State.RUNNING;
            if (plan.async()) {
                new AsyncSteps(this, ctx).run();
            } else {
                runSync();
            }
            state = stopRequested ? State.STOPPED : State.FINISHED;
            note("run " + runId + " " + state.name().toLowerCase() + " after round " + round);
        } catch (InterruptedException e) {
            state = State.STOPPED;
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            state = State.FAILED;
            note("run " + runId + " failed: " + e.getMessage());
            ctx.log().error("run {} failed", runId, e);
        } finally {
            board.finish();
            stopMonitor();
            try {
                writeCheckpoint(suspended && state != State.FAILED ? "running" : state.name().toLowerCase());
            } catch (IOException e) {
                ctx.log().error("final checkpoint failed: {}", e.toString());
            }
        }
    }

    /** Joins the workers to the run and ships each its shards (all in parallel). */
    private void recruit() throws InterruptedException {
        List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
        for (PeerId w : recruits) {
            pending.add(ctx.pool().submit(() -> {
                try {
                    MlMessage reply = ctx.calls().call(w, startMessage(), WorkerCalls.PROBE_TIMEOUT_MILLIS);
                    if (!reply.isOk()) {
                        note("worker " + w + " refused the run: " + reply.header(MlMessage.REASON, "?"));
                        return;
                    }
                    long held = Long.parseLong(reply.header(MlProtocol.SAMPLES, "0"));
                    if (!resumed || held == 0) {
                        for (int shard : roster.shardsOf(w)) {
                            ship(shard, w);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    ctx.log().warn("could not recruit {}: {}", w, e.toString());
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : pending) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                ctx.log().warn("recruiting failed: {}", e.toString());
            }
        }
    }

    MlMessage startMessage() {
        var o = plan.options();
        return MlMessage.of(MlOperation.START_TRAINING, Map.of(MlProtocol.RUN, runId, MlProtocol.MODEL, o.model(),
                MlProtocol.EPOCHS, Integer.toString(o.localEpochs()), MlProtocol.BATCH, Integer.toString(o.batchSize()),
                MlProtocol.LEARNING_RATE, Double.toString(o.learningRate()), MlProtocol.COMPRESSION,
                plan.compression().toString(), MlProtocol.SEED, Long.toString(o.seed()), MlProtocol.MODE, o.mode(),
                TIMEOUT_HEADER, Long.toString(o.roundTimeout().toMillis())));
    }

    /**
     * An asynchronous step's buffer outlives a restart: each update is kept beside the checkpoints until the
     * checkpoint of its step is written (FedBuff's buffer is strategy state; a synchronous round is simply rerun).
     */
    @Override
    public void accepted(RoundInbox box, Contribution c) {
        if (plan.async()) {
            synchronized (pendingLock) {
                if (pendingClosed) {
                    return; // the run has ended for good: a late update is not kept for a step it will never take
                }
                try {
                    ctx.checkpoints().pending().add(runId, box.round(), c);
                } catch (IOException e) {
                    ctx.log().warn("buffered update of {} not kept on disk: {}", c.client(), e.toString());
                }
            }
        }
    }

    @Override
    byte[] shardBody(int shard) {
        return data.shards().get(shard).encode();
    }

    @Override
    int shardSize(int shard) {
        RunData d = data;
        return d == null ? 0 : d.shardSize(shard);
    }

    @Override
    void workerDied(PeerId dead, Map<Integer, PeerId> moves) {
        String where = moves.isEmpty() && roster.hasOrphans() ? "no live member left: its shards wait for a participant to join"
                : "shards " + moves.keySet() + " move to " + moves.values();
        note("worker " + dead + " declared dead (silent > " + ctx.config().heartbeatTimeoutMillis() + " ms); " + where);
    }

    @Override
    PeerId recruitSpare() {
        for (WorkerCalls.Participant p : ctx.calls().participants()) {
            if (roster.contains(p.peer()) || stopRequested) {
                continue;
            }
            try {
                MlMessage reply = ctx.calls().call(p.peer(), startMessage(), WorkerCalls.PROBE_TIMEOUT_MILLIS);
                if (reply.isOk()) {
                    roster.add(p.peer());
                    roster.seen(p.peer(), -1);
                    return p.peer();
                }
                ctx.log().info("{} did not join run {}: {}", p.peer(), runId, reply.header(MlMessage.REASON, "?"));
            } catch (IOException | RuntimeException e) {
                ctx.log().warn("could not recruit {}: {}", p.peer(), e.toString());
            }
        }
        return null;
    }

    private void runSync() throws IOException, InterruptedException {
        long timeout = plan.options().roundTimeout().toNanos();
        for (int r = round + 1; r <= plan.options().rounds() && !stopRequested; r++) {
            long t0 = System.nanoTime();
            long sent0 = ctx.traffic().sent.get();
            long recv0 = ctx.traffic().received.get();
            RoundInbox box = openRound(global, r - 1);
            long deadline = t0 + timeout;
            int extensions = 0;
            while (!stopRequested) {
                box.awaitAll(deadline);
                int quorum = Math.max(1, (int) Math.ceil(plan.options().minParticipation() * box.expectedCount()));
                boolean late = System.nanoTime() >= deadline;
                if (box.count() >= quorum && (box.allExpectedIn() || late)) {
                    break;
                }
                if (!late) {
                    box.awaitCount(deadline, quorum);
                    continue;
                }
                if (++extensions > MAX_EXTENSIONS) {
                    throw new IllegalStateException("round " + r + ": " + box.count() + " updates, quorum " + quorum);
                }
                note("round " + r + " extended: " + box.count() + " of quorum " + quorum + " updates by the deadline");
                deadline += timeout;
            }
            if (stopRequested) {
                return;
            }
            List<Contribution> updates = closeRound(box);
            global = global.plus(plan.rule().aggregate(updates), 1f);
            complete(r, updates, box, t0, sent0, recv0);
        }
    }

    /** Evaluates the new global model, records the round and checkpoints it. */
    void complete(int r, List<Contribution> updates, RoundInbox box, long t0, long sent0, long recv0) throws IOException {
        Evaluation e = ctx.trainer().evaluate(plan.architecture(), global, data.test());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        RoundMetrics m = new RoundMetrics(r, updates.size(), e.accuracy(), e.loss(), ctx.traffic().sent.get() - sent0,
                ctx.traffic().received.get() - recv0, ms);
        long samples = updates.stream().mapToLong(Contribution::samples).sum();
        List<RoundMetrics> snapshot;
        synchronized (history) {
            history.add(m);
            if (history.size() > TrainingStatus.MAX_HISTORY) {
                history.subList(0, history.size() - TrainingStatus.MAX_HISTORY).clear();
            }
            snapshot = List.copyOf(history);
        }
        round = r;
        ctx.metrics().append(runId, m, samples, box.rejections().size(), snapshot);
        writeCheckpoint("running");
        ctx.log().info("round {}/{}: {} updates ({} samples, {} rejected), accuracy {} loss {}, {} ms", r,
                plan.options().rounds(), updates.size(), samples, box.rejections().size(),
                String.format("%.4f", e.accuracy()), String.format("%.4f", e.loss()), ms);
    }

    Path writeCheckpoint(String runState) throws IOException {
        ModelWeights g = global;
        if (g == null) {
            throw new IOException("no model yet");
        }
        Map<String, String> s = new HashMap<>(plan.toState());
        s.putAll(roster.toState());
        s.put(STATE_KEY, runState);
        Path written = ctx.checkpoints().write(new Checkpoint(runId, round, g, s));
        if (!"running".equals(runState)) {
            // a run that will not resume has no use for updates buffered for steps it never took, nor for later ones
            synchronized (pendingLock) {
                pendingClosed = true;
                ctx.checkpoints().pending().discardThrough(runId, Integer.MAX_VALUE);
            }
        }
        return written;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void setGlobal(ModelWeights g) {
        global = g;
    }

    int round() {
        return round;
    }

    void note(String text) {
        message = text;
        ctx.log().info(text);
    }
}
