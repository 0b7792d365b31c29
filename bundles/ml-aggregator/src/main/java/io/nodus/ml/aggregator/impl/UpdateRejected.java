package io.nodus.ml.aggregator.impl;

/** An update that will not be aggregated; the message is the reason the worker is told. */
final class UpdateRejected extends Exception {

    private static final long serialVersionUID = 1L;

    UpdateRejected(String reason) {
        super(reason, null, false, false);
    }
}
