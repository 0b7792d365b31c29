package io.nodus.ml.worker.impl;

import java.util.List;
import java.util.Locale;

import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorSpec;

/**
 * Simulated misbehaviour, configured per worker, so the aggregator's defences can be tested with real processes:
 * poisoned (sign-flipped and scaled) updates, non-finite values, a wrong shape, a missing or wrong signature, or
 * bytes that are not a tensor message at all.
 */
record UpdateAttack(Kind kind, float scale) {

    enum Kind { NONE, SIGNFLIP, NAN, WRONGSHAPE, UNSIGNED, BADSIGNATURE, GARBAGE }

    static final UpdateAttack NONE = new UpdateAttack(Kind.NONE, 1);

    static UpdateAttack parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("signflip")) {
            float s = t.contains(":") ? Float.parseFloat(t.substring(t.indexOf(':') + 1)) : 1;
            return new UpdateAttack(Kind.SIGNFLIP, s);
        }
        try {
            return new UpdateAttack(Kind.valueOf(t.toUpperCase(Locale.ROOT)), 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown attack '" + text + "'");
        }
    }

    /** The update as this attacker would send it (before encoding). */
    ModelWeights apply(ModelWeights delta) {
        switch (kind) {
            case SIGNFLIP: {
                float[] v = delta.values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= -scale;
                }
                return new ModelWeights(delta.specs(), v);
            }
            case NAN: {
                float[] v = delta.values().clone();
                v[0] = Float.NaN;
                v[v.length - 1] = Float.POSITIVE_INFINITY;
                return new ModelWeights(delta.specs(), v);
            }
            case WRONGSHAPE:
                return new ModelWeights(List.of(new TensorSpec("bogus", 7, 3)), new float[21]);
            default:
                return delta;
        }
    }

    boolean signs() {
        return kind != Kind.UNSIGNED;
    }

    boolean corruptsSignature() {
        return kind == Kind.BADSIGNATURE;
    }

    boolean sendsGarbage() {
        return kind == Kind.GARBAGE;
    }
}
