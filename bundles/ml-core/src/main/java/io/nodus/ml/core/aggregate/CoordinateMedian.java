package io.nodus.ml.core.aggregate;

import java.util.Arrays;
import java.util.List;

/** Coordinate-wise median (Yin et al. 2018): robust to fewer than half the clients being Byzantine. */
public final class CoordinateMedian implements AggregationRule {

    @Override
    public float[] aggregate(List<Contribution> updates) {
        int n = AggregationRule.checkedLength(updates);
        int m = updates.size();
        float[] out = new float[n];
        float[] column = new float[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                column[j] = updates.get(j).delta()[i];
            }
            Arrays.sort(column);
            out[i] = (m & 1) == 1 ? column[m / 2] : (column[m / 2 - 1] + column[m / 2]) / 2;
        }
        return out;
    }

    @Override
    public String name() {
        return "median";
    }
}
