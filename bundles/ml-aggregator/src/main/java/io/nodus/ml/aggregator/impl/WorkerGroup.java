package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;

/**
 * The part of a run that a root aggregator ({@link TrainingRun}) and a relay ({@link RelaySession}) share: the
 * roster of workers and their shards, the board workers long-poll for the model, the round collecting their
 * updates, shipping shards, and the liveness monitor that declares silent workers dead and moves their shards.
 */
abstract class WorkerGroup implements WorkerFacing {

    static final long MONITOR_MILLIS = 500;
    /** How often a run whose every member died looks for a spare participant to take their shards. */
    static final long ADOPT_RETRY_MILLIS = 5_000;

    final RunContext ctx;
    final String runId;
    final WorkerRoster roster;
    final ModelBoard board = new ModelBoard();
    private volatile RoundInbox inbox;
    private volatile ScheduledFuture<?> monitor;
    private final AtomicBoolean adopting = new AtomicBoolean();
    private volatile long nextAdoptNanos;

    WorkerGroup(RunContext ctx, String runId, WorkerRoster roster) {
        this.ctx = ctx;
        this.runId = runId;
        this.roster = roster;
    }

    /** Images in a shard (0 when unknown). */
    abstract int shardSize(int shard);

    /** The encoded shard, as DISTRIBUTE_DATASET carries it. */
    abstract byte[] shardBody(int shard);

    /** A worker was declared dead and its shards were given to {@code moves}' values. */
    abstract void workerDied(PeerId dead, Map<Integer, PeerId> moves);

    /**
     * Asks a connected participant that is not in the run yet to join it (it then holds no shard); returns it, or
     * null when none would. Called only when every member has died, so that their shards are not lost.
     */
    abstract PeerId recruitSpare();

    @Override
    public final String runId() {
        return runId;
    }

    @Override
    public final WorkerRoster roster() {
        return roster;
    }

    @Override
    public final ModelBoard board() {
        return board;
    }

    @Override
    public final RoundInbox inbox() {
        return inbox;
    }

    /** Nothing to keep by default: a synchronous round that is lost is run again by its workers. */
    @Override
    public void accepted(RoundInbox box, Contribution c) {
    }

    final void setInbox(RoundInbox box) {
        inbox = box;
    }

    /** Opens round {@code version + 1} over the live workers and offers them {@code model} as version {@code version}. */
    final RoundInbox openRound(ModelWeights model, int version) {
        RoundInbox box = new RoundInbox(version + 1, roster.alive());
        inbox = box;
        board.publish(model, version);
        return box;
    }

    /** Closes the round: late updates are refused from now on and workers wait for the next model. */
    final List<Contribution> closeRound(RoundInbox box) {
        List<Contribution> updates = box.close();
        board.withdraw();
        return updates;
    }

    /** Wakes whoever waits on the open round for good. */
    final void cancelRound() {
        RoundInbox box = inbox;
        if (box != null) {
            box.cancel();
        }
    }

    final void startMonitor() {
        monitor = ctx.timer().scheduleWithFixedDelay(this::checkLiveness, MONITOR_MILLIS, MONITOR_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    final void stopMonitor() {
        ScheduledFuture<?> m = monitor;
        if (m != null) {
            m.cancel(false);
        }
    }

    /** DISTRIBUTE_DATASET of one shard; a refusal is an IOException. */
    final void ship(int shard, PeerId to) throws IOException {
        byte[] body = shardBody(shard);
        MlMessage reply = ctx.calls().call(to, new MlMessage(MlOperation.DISTRIBUTE_DATASET,
                Map.of(MlProtocol.RUN, runId, MlProtocol.SHARD, Integer.toString(shard)), body),
                WorkerCalls.CALL_TIMEOUT_MILLIS);
        if (!reply.isOk()) {
            throw new IOException("worker " + to + " refused shard " + shard + ": " + reply.header(MlMessage.REASON, "?"));
        }
        ctx.log().info("shard {} ({} images, {} bytes) of run {} shipped to {}", shard, shardSize(shard), body.length,
                runId, to);
    }

    /** Declares silent workers dead, lets the open round stop waiting for them and moves their shards. */
    private void checkLiveness() {
        try {
            for (PeerId dead : roster.expire(ctx.config().heartbeatTimeoutMillis() * 1_000_000)) {
                RoundInbox box = inbox;
                if (box != null) {
                    box.drop(dead);
                }
                Map<Integer, PeerId> moves = roster.redistribute(dead, this::shardSize);
                workerDied(dead, moves);
                moves.forEach((shard, to) -> ctx.pool().submit(() -> {
                    try {
                        ship(shard, to);
                    } catch (IOException | RuntimeException e) {
                        ctx.log().warn("moving shard {} to {} failed: {}", shard, to, e.toString());
                    }
                }));
            }
            if (roster.hasOrphans() && System.nanoTime() - nextAdoptNanos >= 0 && adopting.compareAndSet(false, true)) {
                ctx.pool().submit(this::adoptOrphans);
            }
        } catch (RuntimeException e) {
            ctx.log().error("liveness check of run {} failed: {}", runId, e.toString());
        }
    }

    /** Every member died: a spare participant joins, takes all their shards and is awaited by the open round. */
    private void adoptOrphans() {
        try {
            PeerId spare = recruitSpare();
            if (spare == null) {
                ctx.log().warn("run {}: every member is dead and no connected participant joined; retrying in {} ms",
                        runId, ADOPT_RETRY_MILLIS);
                return;
            }
            Map<Integer, PeerId> moves = roster.adoptOrphans(spare);
            RoundInbox box = inbox;
            if (box != null) {
                box.expect(spare);
            }
            ctx.log().info("run {}: {} joined and takes the shards {} of its dead members", runId, spare, moves.keySet());
            for (int shard : moves.keySet()) {
                try {
                    ship(shard, spare);
                } catch (IOException | RuntimeException e) {
                    ctx.log().warn("moving shard {} to {} failed: {}", shard, spare, e.toString());
                }
            }
        } catch (RuntimeException e) {
            ctx.log().error("adopting the shards of run {} failed: {}", runId, e.toString());
        } finally {
            nextAdoptNanos = System.nanoTime() + ADOPT_RETRY_MILLIS * 1_000_000;
            adopting.set(false);
        }
    }
}
