package io.nodus.ml.core.train;

import java.util.Locale;

/** Model architectures for 28x28 grey-scale, 10-class images. */
public enum Architecture {
    /** McMahan et al. 2017's "2NN": 784-200-200-10, ReLU (199,210 parameters). */
    MLP,
    /** A small CNN: conv5x5(16)-pool-conv5x5(32)-pool-dense(128)-10. */
    CNN;

    public static Architecture parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + text + "' (mlp|cnn)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
