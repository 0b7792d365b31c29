package io.nodus.identity.impl;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.node.NodeInfo;

/** Shell commands {@code p2p:id} and {@code p2p:keyinfo}. */
@Component(service = IdentityCommands.class, property = {
        "osgi.command.scope=p2p",
        "osgi.command.function=id",
        "osgi.command.function=keyinfo"})
public class IdentityCommands {

    private final NodeIdentity identity;
    private final NodeInfo node;

    @Activate
    public IdentityCommands(@Reference(name = "identity") NodeIdentity identity,
            @Reference(name = "node") NodeInfo node) {
        this.identity = identity;
        this.node = node;
    }

    @Descriptor("show this node's peer ID (base58btc)")
    public String id() {
        return identity.peerId().toString();
    }

    @Descriptor("show this node's key type, key file and peer ID in both text forms")
    public String keyinfo() {
        KeyType type = LibP2pKeys.decode(identity.publicKeyProtobuf()).type();
        return "type:     " + type.specName() + "\n"
                + "key file: " + Ed25519KeyFile.path(node.dataDir()) + "\n"
                + "peer ID:  " + identity.peerId() + "\n"
                + "CID:      " + identity.peerId().toCidString();
    }
}
