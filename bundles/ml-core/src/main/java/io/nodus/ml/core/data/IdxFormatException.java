package io.nodus.ml.core.data;

import java.io.IOException;

/** An IDX file that does not follow the format or is inconsistent with its companion file. */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }
}
