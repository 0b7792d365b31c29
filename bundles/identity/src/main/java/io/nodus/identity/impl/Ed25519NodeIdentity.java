package io.nodus.identity.impl;

import java.nio.file.Path;
import java.security.SecureRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.node.NodeInfo;

/**
 * The node's identity: an Ed25519 key kept in {@code <data>/keys/identity.key} (created on first start). Activation
 * fails, leaving the file alone, when that file exists but is not a valid key.
 */
@Component(service = NodeIdentity.class)
public final class Ed25519NodeIdentity extends Ed25519KeyIdentity {

    private final Path keyFile;

    @Activate
    public Ed25519NodeIdentity(@Reference(name = "node") NodeInfo node) {
        this(Ed25519KeyFile.path(node.dataDir()));
    }

    private Ed25519NodeIdentity(Path keyFile) {
        super(Ed25519KeyFile.loadOrCreate(keyFile, new SecureRandom()));
        this.keyFile = keyFile;
    }

    /** Where this identity's key lives (for {@code p2p:keyinfo}). */
    Path keyFile() {
        return keyFile;
    }
}
