package io.nodus.ml.aggregator.impl;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes the aggregator sent and received on the ML protocol (frames included). */
final class Traffic {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
}
