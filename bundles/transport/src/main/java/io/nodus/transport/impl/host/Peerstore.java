package io.nodus.transport.impl.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;

/**
 * In-memory metadata about peers (connections spec, "Peer Metadata Storage"): addresses, protocols, agent and
 * public key. Bounded: least recently touched peers are evicted beyond {@link #MAX_PEERS}, and each list is capped.
 */
public final class Peerstore {

    public static final int MAX_PEERS = 10_000;
    public static final int MAX_ADDRS_PER_PEER = 32;
    public static final int MAX_PROTOCOLS_PER_PEER = 256;
    public static final int MAX_AGENT_LENGTH = 256;

    /** What we know about one peer; an immutable snapshot. */
    public record PeerRecord(PeerId peer, List<Multiaddr> addrs, Set<String> protocols, String agentVersion,
            String protocolVersion, byte[] publicKey) {
    }

    private final int maxPeers;
    private final LinkedHashMap<PeerId, PeerRecord> peers = new LinkedHashMap<>(64, 0.75f, true);

    public Peerstore() {
        this(MAX_PEERS);
    }

    public Peerstore(int maxPeers) {
        this.maxPeers = maxPeers;
    }

    public synchronized Optional<PeerRecord> get(PeerId peer) {
        return Optional.ofNullable(peers.get(peer));
    }

    public synchronized List<Multiaddr> addrs(PeerId peer) {
        PeerRecord r = peers.get(peer);
        return r == null ? List.of() : r.addrs();
    }

    public synchronized Set<String> protocols(PeerId peer) {
        PeerRecord r = peers.get(peer);
        return r == null ? Set.of() : r.protocols();
    }

    public synchronized int size() {
        return peers.size();
    }

    public synchronized List<PeerRecord> all() {
        return new ArrayList<>(peers.values());
    }

    /** Adds addresses (most recent first, without {@code /p2p/}), keeping at most {@link #MAX_ADDRS_PER_PEER}. */
    public synchronized void addAddrs(PeerId peer, Collection<Multiaddr> addrs) {
        PeerRecord r = record(peer);
        LinkedHashSet<Multiaddr> merged = new LinkedHashSet<>();
        for (Multiaddr a : addrs) {
            merged.add(a.withoutPeerId());
        }
        merged.addAll(r.addrs());
        put(new PeerRecord(peer, cap(merged, MAX_ADDRS_PER_PEER), r.protocols(), r.agentVersion(),
                r.protocolVersion(), r.publicKey()));
    }

    /**
     * Applies what identify told us (identify spec: missing fields are ignored, so a null argument keeps the
     * stored value). Listen addresses replace the stored ones.
     */
    public synchronized void applyIdentify(PeerId peer, List<Multiaddr> listenAddrs, Set<String> protocols,
            String agentVersion, String protocolVersion, byte[] publicKey) {
        PeerRecord r = record(peer);
        List<Multiaddr> addrs = r.addrs();
        if (listenAddrs != null && !listenAddrs.isEmpty()) {
            LinkedHashSet<Multiaddr> set = new LinkedHashSet<>();
            listenAddrs.forEach(a -> set.add(a.withoutPeerId()));
            addrs = cap(set, MAX_ADDRS_PER_PEER);
        }
        Set<String> protos = protocols == null ? r.protocols()
                : Set.copyOf(cap(new LinkedHashSet<>(protocols), MAX_PROTOCOLS_PER_PEER));
        String agent = agentVersion == null ? r.agentVersion() : truncate(agentVersion);
        String version = protocolVersion == null ? r.protocolVersion() : truncate(protocolVersion);
        byte[] key = publicKey == null ? r.publicKey() : publicKey.clone();
        put(new PeerRecord(peer, addrs, protos, agent, version, key));
    }

    public synchronized void remove(PeerId peer) {
        peers.remove(peer);
    }

    private PeerRecord record(PeerId peer) {
        PeerRecord r = peers.get(peer);
        return r != null ? r : new PeerRecord(peer, List.of(), Set.of(), null, null, null);
    }

    private void put(PeerRecord r) {
        peers.put(r.peer(), r);
        var it = peers.entrySet().iterator();
        while (peers.size() > maxPeers && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static <T> List<T> cap(Collection<T> items, int max) {
        List<T> out = new ArrayList<>(Math.min(items.size(), max));
        for (T t : items) {
            if (out.size() == max) {
                break;
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_AGENT_LENGTH ? s : s.substring(0, MAX_AGENT_LENGTH);
    }

    @Override
    public synchronized String toString() {
        return "Peerstore" + Map.of("peers", peers.size());
    }
}
