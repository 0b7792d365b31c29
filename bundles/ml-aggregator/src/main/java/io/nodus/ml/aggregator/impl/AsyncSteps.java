package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.util.List;

import io.nodus.api.identity.PeerId;
import io.nodus.ml.core.aggregate.Contribution;

/**
 * Asynchronous training, FedBuff style (Nguyen et al. 2022): workers pull the newest model whenever they are
 * ready; their updates, down-weighted by staleness, fill a buffer of K; each full buffer is one global step.
 */
final class AsyncSteps {

    private final TrainingRun run;
    private final RunContext ctx;

    AsyncSteps(TrainingRun run, RunContext ctx) {
        this.run = run;
        this.ctx = ctx;
    }

    void run() throws IOException, InterruptedException {
        int clients = run.plan.options().clients();
        int configured = ctx.config().asyncBuffer();
        long timeout = run.plan.options().roundTimeout().toNanos();
        int version = run.round();
        RoundInbox first = new RoundInbox(version + 1, run.roster.alive());
        restoreBuffer(first);
        run.setInbox(first);
        run.board.publish(run.global(), version);
        while (version < run.plan.options().rounds() && !run.stopRequested()) {
            long t0 = System.nanoTime();
            long sent0 = ctx.traffic().sent.get();
            long recv0 = ctx.traffic().received.get();
            RoundInbox box = run.inbox();
            long deadline = t0 + timeout;
            int extensions = 0;
            while (!run.stopRequested()) {
                int alive = Math.max(1, run.roster.alive().size());
                int k = Math.min(alive, configured > 0 ? configured : Math.max(1, (clients + 1) / 2));
                box.awaitCount(deadline, k);
                if (box.count() >= k || (System.nanoTime() >= deadline && box.count() > 0)) {
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    if (++extensions > TrainingRun.MAX_EXTENSIONS) {
                        throw new IllegalStateException("version " + (version + 1) + ": no updates");
                    }
                    deadline += timeout;
                }
            }
            if (run.stopRequested()) {
                return;
            }
            run.setInbox(new RoundInbox(version + 2, run.roster.alive()));
            List<Contribution> updates = box.close();
            run.setGlobal(run.global().plus(run.plan.rule().aggregate(updates), 1f));
            version++;
            run.board.publish(run.global(), version);
            run.complete(version, updates, box, t0, sent0, recv0);
        }
    }

    /** After a restart: the updates buffered for this step before it, as the checkpoint directory kept them. */
    private void restoreBuffer(RoundInbox box) throws IOException {
        List<Contribution> kept = ctx.checkpoints().pending().load(run.runId, box.round());
        for (Contribution c : kept) {
            try {
                box.offer(PeerId.parse(c.client()), c);
            } catch (UpdateRejected | IllegalArgumentException e) {
                ctx.log().warn("buffered update of {} not restored: {}", c.client(), e.getMessage());
            }
        }
        if (!kept.isEmpty()) {
            run.note("restored " + box.count() + " buffered updates for version " + box.round());
        }
    }
}
