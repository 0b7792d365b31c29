package io.nodus.ml.core.aggregate;

import java.util.List;

/** Federated averaging (McMahan et al. 2017): the mean of the updates weighted by sample count (times any staleness weight). */
public final class FedAvg implements AggregationRule {

    private final StalenessWeight staleness;

    public FedAvg() {
        this(StalenessWeight.NONE);
    }

    public FedAvg(StalenessWeight staleness) {
        this.staleness = staleness;
    }

    @Override
    public float[] aggregate(List<Contribution> updates) {
        PartialSum sum = new PartialSum(AggregationRule.checkedLength(updates));
        for (Contribution c : updates) {
            sum.add(c.delta(), c.samples() * staleness.weight(c.staleness()));
        }
        return sum.mean();
    }

    @Override
    public String name() {
        return "fedavg";
    }
}
