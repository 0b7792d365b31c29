package io.nodus.pubsub.impl.message;

/** A message failed signature-policy validation ({@code StrictSign}): it is dropped and not propagated. */
public final class InvalidMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String reason) {
        super(reason);
    }
}
