package io.nodus.ml.core.aggregate;

/**
 * A running weighted sum of updates: what an intermediate aggregator forwards to the root, which merges the
 * partial sums of its children (FedAvg is associative in these).
 */
public final class PartialSum {

    private final double[] sum;
    private double weight;
    private int count;

    public PartialSum(int length) {
        this.sum = new double[length];
    }

    public PartialSum(float[] weightedSum, double weight, int count) {
        this.sum = new double[weightedSum.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = weightedSum[i];
        }
        this.weight = weight;
        this.count = count;
    }

    public void add(float[] delta, double w) {
        if (delta.length != sum.length) {
            throw new IllegalArgumentException("length " + delta.length + ", expected " + sum.length);
        }
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight must be positive and finite: " + w);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += w * delta[i];
        }
        weight += w;
        count++;
    }

    public void merge(PartialSum other) {
        if (other.sum.length != sum.length) {
            throw new IllegalArgumentException("length " + other.sum.length + ", expected " + sum.length);
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.sum[i];
        }
        weight += other.weight;
        count += other.count;
    }

    public double weight() {
        return weight;
    }

    public int count() {
        return count;
    }

    public float[] weightedSum() {
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sum[i];
        }
        return out;
    }

    public float[] mean() {
        if (count == 0) {
            throw new IllegalStateException("empty partial sum");
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / weight);
        }
        return out;
    }
}
