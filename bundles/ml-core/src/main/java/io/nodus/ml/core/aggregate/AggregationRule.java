package io.nodus.ml.core.aggregate;

import java.util.List;

/** Combines the updates of one round into the step applied to the global model. */
public interface AggregationRule {

    /**
     * @param updates at least one update, all of the same length
     * @return the aggregated delta (a new array)
     */
    float[] aggregate(List<Contribution> updates);

    /** The name the shell and checkpoints use, e.g. {@code fedavg}, {@code trimmed:0.2}. */
    String name();

    static int checkedLength(List<Contribution> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate");
        }
        int n = updates.get(0).delta().length;
        for (Contribution c : updates) {
            if (c.delta().length != n) {
                throw new IllegalArgumentException("update of " + c.client() + " has " + c.delta().length + " values, expected " + n);
            }
        }
        return n;
    }

    /** Parses {@code fedavg}, {@code median}, {@code trimmed:<fraction>}, {@code krum} or {@code krum:<m>}. */
    static AggregationRule parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("fedavg")) {
            return new FedAvg();
        }
        if (t.equals("median")) {
            return new CoordinateMedian();
        }
        if (t.equals("krum")) {
            return new Krum(1);
        }
        try {
            if (t.startsWith("trimmed:")) {
                return new TrimmedMean(Double.parseDouble(t.substring(8)));
            }
            if (t.startsWith("krum:")) {
                return new Krum(Integer.parseInt(t.substring(5)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in aggregation '" + text + "'");
        }
        throw new IllegalArgumentException("unknown aggregation '" + text + "' (fedavg|median|trimmed:<f>|krum[:<m>])");
    }
}
