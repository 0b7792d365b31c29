package io.nodus.api.node;

import java.nio.file.Path;
import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** The node this framework runs: which profile it was started as and where it keeps its files. */
@ProviderType
public interface NodeInfo {

    /** Profile name: {@code worker}, {@code aggregator}, {@code gui} or {@code bootstrap}. */
    String profile();

    /** The node's data directory ({@code etc/}, {@code logs/}, {@code keys/}, {@code plugins/} live below it). */
    Path dataDir();

    /** Human-readable node name from configuration (defaults to the profile name). */
    String name();

    /** When this node's framework finished starting. */
    Instant startedAt();
}
