package io.nodus.ml.core.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017). Each update is scored by the sum of squared distances to its
 * {@code n - f - 2} nearest neighbours, with {@code f = floor((n - 3) / 2)} the largest number of Byzantine
 * clients Krum tolerates among {@code n}; the {@code m} best-scoring updates are averaged by sample count
 * ({@code m = 1}: classic Krum).
 */
public final class Krum implements AggregationRule {

    private final int selected;

    public Krum(int selected) {
        if (selected < 1) {
            throw new IllegalArgumentException("Krum must select at least one update");
        }
        this.selected = selected;
    }

    /** The Byzantine count assumed for {@code n} clients. */
    public static int tolerated(int n) {
        return Math.max(0, (n - 3) / 2);
    }

    @Override
    public float[] aggregate(List<Contribution> updates) {
        AggregationRule.checkedLength(updates);
        List<Contribution> best = select(updates);
        return new FedAvg().aggregate(best);
    }

    /** The updates Krum keeps, best first. */
    public List<Contribution> select(List<Contribution> updates) {
        int n = updates.size();
        if (n <= 2) {
            return List.copyOf(updates.subList(0, Math.min(selected, n)));
        }
        int f = tolerated(n);
        int neighbours = Math.max(1, n - f - 2);
        double[][] dist = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                dist[a][b] = dist[b][a] = squaredDistance(updates.get(a).delta(), updates.get(b).delta());
            }
        }
        double[] score = new double[n];
        for (int a = 0; a < n; a++) {
            double[] row = new double[n - 1];
            int k = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    row[k++] = dist[a][b];
                }
            }
            java.util.Arrays.sort(row);
            for (int j = 0; j < neighbours; j++) {
                score[a] += row[j];
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> score[i]));
        List<Contribution> out = new ArrayList<>();
        for (int i = 0; i < Math.min(selected, n); i++) {
            out.add(updates.get(order.get(i)));
        }
        return out;
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    @Override
    public String name() {
        return selected == 1 ? "krum" : "krum:" + selected;
    }
}
