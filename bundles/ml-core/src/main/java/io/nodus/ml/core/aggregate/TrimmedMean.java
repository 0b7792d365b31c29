package io.nodus.ml.core.aggregate;

import java.util.Arrays;
import java.util.List;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the {@code fraction} largest and smallest
 * values and average the rest.
 */
public final class TrimmedMean implements AggregationRule {

    private final double fraction;

    public TrimmedMean(double fraction) {
        if (!(fraction >= 0 && fraction < 0.5)) {
            throw new IllegalArgumentException("trim fraction must be in [0, 0.5): " + fraction);
        }
        this.fraction = fraction;
    }

    @Override
    public float[] aggregate(List<Contribution> updates) {
        int n = AggregationRule.checkedLength(updates);
        int m = updates.size();
        int cut = (int) Math.floor(fraction * m);
        if (m - 2 * cut <= 0) {
            cut = (m - 1) / 2;
        }
        float[] out = new float[n];
        float[] column = new float[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                column[j] = updates.get(j).delta()[i];
            }
            Arrays.sort(column);
            double s = 0;
            for (int j = cut; j < m - cut; j++) {
                s += column[j];
            }
            out[i] = (float) (s / (m - 2 * cut));
        }
        return out;
    }

    @Override
    public String name() {
        return "trimmed:" + fraction;
    }
}
