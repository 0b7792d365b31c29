package io.nodus.ml.core.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a model (or an update to them): an ordered list of tensor specs and all their values
 * concatenated in one fp32 vector, so aggregation works coordinate-wise on plain arrays.
 */
public final class ModelWeights {

    private final List<TensorSpec> specs;
    private final float[] values;

    public ModelWeights(List<TensorSpec> specs, float[] values) {
        this.specs = List.copyOf(specs);
        this.values = Objects.requireNonNull(values, "values");
        long n = totalElements(this.specs);
        if (n != values.length) {
            throw new IllegalArgumentException("specs describe " + n + " values but " + values.length + " were given");
        }
    }

    public static long totalElements(List<TensorSpec> specs) {
        long n = 0;
        for (TensorSpec s : specs) {
            n += s.elements();
        }
        return n;
    }

    public List<TensorSpec> specs() {
        return specs;
    }

    /** The live value vector (not copied: callers that keep it must not change it). */
    public float[] values() {
        return values;
    }

    public int size() {
        return values.length;
    }

    /** Values of tensor {@code index}, copied out. */
    public float[] tensor(int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += (int) specs.get(i).elements();
        }
        int n = (int) specs.get(index).elements();
        float[] out = new float[n];
        System.arraycopy(values, offset, out, 0, n);
        return out;
    }

    /** Builds weights from per-tensor arrays in spec order. */
    public static ModelWeights of(List<TensorSpec> specs, List<float[]> tensors) {
        if (specs.size() != tensors.size()) {
            throw new IllegalArgumentException(specs.size() + " specs but " + tensors.size() + " tensors");
        }
        float[] all = new float[Math.toIntExact(totalElements(specs))];
        int offset = 0;
        for (int i = 0; i < specs.size(); i++) {
            float[] t = tensors.get(i);
            if (t.length != specs.get(i).elements()) {
                throw new IllegalArgumentException("tensor " + specs.get(i) + " given " + t.length + " values");
            }
            System.arraycopy(t, 0, all, offset, t.length);
            offset += t.length;
        }
        return new ModelWeights(specs, all);
    }

    public List<float[]> tensors() {
        List<float[]> out = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            out.add(tensor(i));
        }
        return out;
    }

    /** True when {@code other} has exactly the same tensor names and shapes. */
    public boolean sameLayout(ModelWeights other) {
        return specs.equals(other.specs);
    }

    /** {@code this - base}, element-wise (same layout required). */
    public ModelWeights minus(ModelWeights base) {
        requireSameLayout(base);
        float[] d = new float[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] - base.values[i];
        }
        return new ModelWeights(specs, d);
    }

    /** {@code this + scale * delta}, element-wise (same layout required). */
    public ModelWeights plus(float[] delta, float scale) {
        if (delta.length != values.length) {
            throw new IllegalArgumentException("delta has " + delta.length + " values, model " + values.length);
        }
        float[] r = new float[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = values[i] + scale * delta[i];
        }
        return new ModelWeights(specs, r);
    }

    public ModelWeights copy() {
        return new ModelWeights(specs, values.clone());
    }

    private void requireSameLayout(ModelWeights other) {
        if (!sameLayout(other)) {
            throw new IllegalArgumentException("layouts differ: " + specs + " vs " + other.specs);
        }
    }
}
