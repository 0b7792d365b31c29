package io.nodus.transport.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.impl.host.Peerstore;
import io.nodus.testkit.TestIdentity;

class PeerstoreTest {

    private final PeerId p1 = new TestIdentity().peerId();
    private final PeerId p2 = new TestIdentity().peerId();

    @Test
    void evictsTheLeastRecentlyUsedPeerBeyondItsBound() {
        Peerstore store = new Peerstore(2);
        store.addAddrs(p1, List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1")));
        store.addAddrs(p2, List.of(Multiaddr.parse("/ip4/10.0.0.2/tcp/1")));
        store.get(p1);
        PeerId p3 = new TestIdentity().peerId();

        store.addAddrs(p3, List.of(Multiaddr.parse("/ip4/10.0.0.3/tcp/1")));

        assertEquals(2, store.size());
        assertTrue(store.get(p1).isPresent());
        assertFalse(store.get(p2).isPresent());
    }

    @Test
    void capsAddressesAndStripsPeerIds() {
        Peerstore store = new Peerstore();
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/1/p2p/" + p1));
        }
        store.addAddrs(p1, many);

        List<Multiaddr> addrs = store.addrs(p1);
        assertEquals(Peerstore.MAX_ADDRS_PER_PEER, addrs.size());
        assertEquals(Multiaddr.parse("/ip4/10.0.0.0/tcp/1"), addrs.get(0));
    }

    @Test
    void partialIdentifyKeepsWhatItDoesNotMention() {
        Peerstore store = new Peerstore();
        store.applyIdentify(p1, List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1")), Set.of("/a/1"), "agent/1", "ipfs/0.1.0",
                null);

        store.applyIdentify(p1, null, Set.of("/b/1"), null, null, null);

        Peerstore.PeerRecord r = store.get(p1).orElseThrow();
        assertEquals(Set.of("/b/1"), r.protocols());
        assertEquals("agent/1", r.agentVersion());
        assertEquals(List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1")), r.addrs());
    }
}
