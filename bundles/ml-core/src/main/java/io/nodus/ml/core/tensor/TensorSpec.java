package io.nodus.ml.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/** Name and shape of one parameter tensor of a model. */
public final class TensorSpec {

    private final String name;
    private final int[] shape;

    public TensorSpec(String name, int... shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension: " + Arrays.toString(shape));
            }
        }
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements; the product of the dimensions. */
    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
