package io.nodus.pubsub.impl.router;

import io.nodus.api.identity.PeerId;

/** Deterministic Ed25519-style peer IDs for router tests (no keys behind them). */
final class TestPeers {

    private TestPeers() {
    }

    static PeerId peer(int n) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[2] = 0x12;
        key[3] = 32;
        key[4] = (byte) (n >>> 24);
        key[5] = (byte) (n >>> 16);
        key[6] = (byte) (n >>> 8);
        key[7] = (byte) n;
        return PeerId.fromPublicKeyProtobuf(key);
    }
}
