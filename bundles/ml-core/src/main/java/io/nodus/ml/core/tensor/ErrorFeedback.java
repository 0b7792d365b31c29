package io.nodus.ml.core.tensor;

/**
 * Error feedback for lossy compression (Seide et al. 2014; Karimireddy et al. 2019): what compression dropped
 * from one update is added to the next, so nothing is lost for good. One instance per sender.
 */
public final class ErrorFeedback {

    private float[] residual;

    /** Encodes {@code update + residual} and keeps the part the encoding could not carry. */
    public synchronized byte[] encode(ModelWeights update, Compression c) {
        float[] v = update.values();
        if (!c.lossy()) {
            residual = null;
            return TensorCodec.encode(update, c);
        }
        if (residual == null || residual.length != v.length) {
            residual = new float[v.length];
        }
        float[] corrected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            corrected[i] = v[i] + residual[i];
        }
        byte[] wire = TensorCodec.encode(new ModelWeights(update.specs(), corrected), c);
        float[] sent = TensorCodec.decode(wire).values();
        for (int i = 0; i < v.length; i++) {
            residual[i] = corrected[i] - sent[i];
        }
        return wire;
    }

    /** Sum of |residual|, for tests and diagnostics. */
    public synchronized double residualL1() {
        double s = 0;
        if (residual != null) {
            for (float r : residual) {
                s += Math.abs(r);
            }
        }
        return s;
    }

    public synchronized void reset() {
        residual = null;
    }
}
