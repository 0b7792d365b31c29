package io.nodus.ml.core.aggregate;

/**
 * Down-weights stale asynchronous updates: {@code s(tau) = (1 + tau)^-a}, the polynomial staleness function of
 * FedAsync (Xie et al. 2019), also used by FedBuff (Nguyen et al. 2022) with a = 0.5.
 */
public final class StalenessWeight {

    public static final StalenessWeight NONE = new StalenessWeight(0);
    public static final StalenessWeight POLYNOMIAL_HALF = new StalenessWeight(0.5);

    private final double exponent;

    public StalenessWeight(double exponent) {
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("exponent must be >= 0");
        }
        this.exponent = exponent;
    }

    public double weight(int staleness) {
        return exponent == 0 ? 1 : Math.pow(1 + staleness, -exponent);
    }
}
