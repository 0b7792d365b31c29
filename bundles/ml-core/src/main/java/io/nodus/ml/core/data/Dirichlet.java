package io.nodus.ml.core.data;

import java.util.SplittableRandom;

/** Samples from a symmetric Dirichlet distribution through Gamma variates (Marsaglia and Tsang 2000). */
final class Dirichlet {

    private static final int MAX_REJECTIONS = 10_000;

    private Dirichlet() {
    }

    static double[] sample(double alpha, int k, SplittableRandom rnd) {
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, rnd);
            sum += g[i];
        }
        if (sum == 0) {
            g[rnd.nextInt(k)] = 1;
            sum = 1;
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        return g;
    }

    static double gamma(double shape, SplittableRandom rnd) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a)
            return gamma(shape + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        for (int i = 0; i < MAX_REJECTIONS; i++) {
            double x = gaussian(rnd);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
        return d;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
