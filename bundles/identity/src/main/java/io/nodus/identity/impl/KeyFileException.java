package io.nodus.identity.impl;

/** The identity key file cannot be read, decoded or written; the identity component does not activate. */
final class KeyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }

    KeyFileException(String message) {
        super(message);
    }
}
