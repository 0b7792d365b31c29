package io.nodus.ml.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AggregationRuleTest {

    static Contribution c(String id, long n, float... d) {
        return new Contribution(id, d, n, 0);
    }

    @Test
    void fedAvgWeightsBySampleCount() {
        float[] r = new FedAvg().aggregate(List.of(c("a", 1, 0f, 4f), c("b", 3, 4f, 0f)));
        assertArrayEquals(new float[] {3f, 1f}, r);
    }

    @Test
    void fedAvgWithStalenessDownWeightsOldUpdates() {
        Contribution fresh = new Contribution("a", new float[] {1f}, 10, 0);
        Contribution stale = new Contribution("b", new float[] {-1f}, 10, 3);
        float[] r = new FedAvg(StalenessWeight.POLYNOMIAL_HALF).aggregate(List.of(fresh, stale));
        // weights 1 and (1+3)^-0.5 = 0.5: (1 - 0.5) / 1.5
        assertEquals(1f / 3, r[0], 1e-6);
    }

    @Test
    void partialSumsMergeToTheSameMeanAsOneSum() {
        PartialSum left = new PartialSum(2);
        left.add(new float[] {1, 2}, 10);
        left.add(new float[] {3, 4}, 30);
        PartialSum right = new PartialSum(2);
        right.add(new float[] {5, 6}, 60);
        PartialSum root = new PartialSum(left.weightedSum(), left.weight(), left.count());
        root.merge(right);
        float[] flat = new FedAvg().aggregate(List.of(c("a", 10, 1, 2), c("b", 30, 3, 4), c("c", 60, 5, 6)));
        assertArrayEquals(flat, root.mean(), 1e-5f);
        assertEquals(3, root.count());
    }

    @Test
    void medianOddAndEven() {
        assertArrayEquals(new float[] {2f}, new CoordinateMedian().aggregate(List.of(c("a", 1, 1f), c("b", 1, 100f), c("c", 1, 2f))));
        assertArrayEquals(new float[] {1.5f}, new CoordinateMedian().aggregate(List.of(c("a", 1, 1f), c("b", 1, 100f), c("c", 1, 2f), c("d", 1, -50f))));
    }

    @Test
    void trimmedMeanDropsTheExtremes() {
        List<Contribution> u = List.of(c("a", 1, 1f), c("b", 1, 2f), c("c", 1, 3f), c("d", 1, 1000f), c("e", 1, -1000f));
        assertArrayEquals(new float[] {2f}, new TrimmedMean(0.2).aggregate(u));
        assertThrows(IllegalArgumentException.class, () -> new TrimmedMean(0.5));
    }

    /** Three honest clients near +g, two that send -10 g (sign flip, scaled). */
    static List<Contribution> poisoned(Random r, float[] g) {
        List<Contribution> u = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            float[] d = new float[g.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (g[i] + 0.1 * r.nextGaussian());
                if (k >= 3) {
                    d[i] *= -10;
                }
            }
            u.add(c(k >= 3 ? "bad" + k : "good" + k, 100, d));
        }
        return u;
    }

    @Test
    void robustRulesResistTwoOfFivePoisonedWhileFedAvgDoesNot() {
        Random r = new Random(7);
        float[] g = new float[500];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
        }
        List<Contribution> u = poisoned(r, g);
        double fedavg = cosine(new FedAvg().aggregate(u), g);
        double median = cosine(new CoordinateMedian().aggregate(u), g);
        double trimmed = cosine(new TrimmedMean(0.4).aggregate(u), g);
        double krum = cosine(new Krum(1).aggregate(u), g);
        assertTrue(fedavg < 0, "FedAvg points the wrong way: " + fedavg);
        assertTrue(median > 0.9, "median " + median);
        assertTrue(trimmed > 0.9, "trimmed " + trimmed);
        assertTrue(krum > 0.9, "krum " + krum);
        assertTrue(new Krum(1).select(u).get(0).client().startsWith("good"));
    }

    @Test
    void multiKrumSelectsOnlyHonestUpdates() {
        Random r = new Random(8);
        float[] g = new float[100];
        java.util.Arrays.fill(g, 1f);
        List<Contribution> picked = new Krum(3).select(poisoned(r, g));
        assertEquals(3, picked.size());
        picked.forEach(p -> assertTrue(p.client().startsWith("good"), p.client()));
    }

    @Test
    void parseNamesEveryRule() {
        assertEquals("fedavg", AggregationRule.parse("FedAvg").name());
        assertEquals("median", AggregationRule.parse("median").name());
        assertEquals("trimmed:0.2", AggregationRule.parse("trimmed:0.2").name());
        assertEquals("krum", AggregationRule.parse("krum").name());
        assertEquals("krum:3", AggregationRule.parse("krum:3").name());
        assertThrows(IllegalArgumentException.class, () -> AggregationRule.parse("mean"));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FedAvg().aggregate(List.of(c("a", 1, 1f), c("b", 1, 1f, 2f))));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
