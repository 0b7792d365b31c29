package io.nodus.ml.core.tensor;

/** Encoded tensors that break the format or its limits. */
public class TensorFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TensorFormatException(String message) {
        super(message);
    }
}
