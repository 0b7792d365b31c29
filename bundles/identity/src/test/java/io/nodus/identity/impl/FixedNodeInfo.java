package io.nodus.identity.impl;

import java.nio.file.Path;
import java.time.Instant;

import io.nodus.api.node.NodeInfo;

/** A NodeInfo that only knows its data directory. */
record FixedNodeInfo(Path dataDir) implements NodeInfo {

    @Override
    public String profile() {
        return "worker";
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Instant startedAt() {
        return Instant.EPOCH;
    }
}
