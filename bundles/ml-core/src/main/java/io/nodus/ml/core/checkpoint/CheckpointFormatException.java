package io.nodus.ml.core.checkpoint;

import java.io.IOException;

/** A checkpoint file that is truncated, corrupt (hash mismatch) or not a checkpoint. */
public class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }
}
