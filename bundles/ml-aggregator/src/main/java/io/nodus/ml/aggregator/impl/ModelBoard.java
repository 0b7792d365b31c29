package io.nodus.ml.aggregator.impl;

import io.nodus.ml.core.tensor.Compression;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.tensor.TensorCodec;

/** The published global model; workers long-poll it for a version newer than the one they hold. */
final class ModelBoard {

    /** What a poll gets: a newer model, nothing new yet ({@code model == null}), or the end of the run. */
    record Snapshot(int version, byte[] model, boolean done) {
    }

    private byte[] encoded;
    private int version = -1;
    private boolean done;

    synchronized void publish(ModelWeights global, int v) {
        encoded = TensorCodec.encode(global, Compression.NONE);
        version = v;
        notifyAll();
    }

    /** Takes the model off the board: polls wait until the next publish (between sync rounds). */
    synchronized void withdraw() {
        encoded = null;
    }

    synchronized void finish() {
        done = true;
        notifyAll();
    }

    synchronized int version() {
        return version;
    }

    synchronized Snapshot await(int have, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!done && (encoded == null || version <= have)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new Snapshot(version, null, false);
            }
            wait(left);
        }
        return done ? new Snapshot(version, null, true) : new Snapshot(version, encoded, false);
    }
}
