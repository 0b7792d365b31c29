package io.nodus.ml.aggregator.impl;

import io.nodus.ml.core.aggregate.Contribution;
import io.nodus.ml.core.tensor.ModelWeights;

/** What the protocol needs of a run its workers report to: a root's run or a relay's share of its parent's run. */
interface WorkerFacing {

    String runId();

    WorkerRoster roster();

    ModelBoard board();

    /** The round collecting updates now (null before the first). */
    RoundInbox inbox();

    /** The global model updates are computed against. */
    ModelWeights global();

    boolean async();

    /** {@code c} went into {@code box}; called before the sender is told it was accepted. */
    void accepted(RoundInbox box, Contribution c);
}
