package io.nodus.chat.impl.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.Deposited;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;

/**
 * Store-and-forward on a relay node both sides trust: sealed messages (and session starts) deposited for a peer that
 * is offline, held in memory until that peer asks for them (ReceiveChatMessages) or their TTL ends; and the public
 * prekey bundles that nodes publish here, so that a peer can start a session with them while they are offline. The
 * relay holds only what the sender's session sealed and public keys: it cannot read a message, and it forgets each
 * once handed over or expired. Counts are bounded; a deposit or bundle over a bound is refused, never evicting others.
 */
final class RelayStore {

    static final int MAX_PER_RECIPIENT = 1000;
    static final int MAX_TOTAL = 10_000;
    /** Most bytes of deposits held in all (a deposit is one frame, at most {@code FrameCodec.MAX_FRAME}). */
    static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    static final int MAX_BUNDLES = 10_000;

    record Held(Deposited item, Instant expiresAt) {
    }

    private record Published(PrekeyBundleMessage bundle, Instant expiresAt) {
    }

    private final Map<PeerId, ArrayDeque<Held>> held = new HashMap<>();
    private final Map<PeerId, Published> bundles = new HashMap<>();
    private int total;
    private long bytes;

    /** @return null when kept, else why not */
    synchronized String deposit(PeerId recipient, Held h) {
        ArrayDeque<Held> q = held.computeIfAbsent(recipient, r -> new ArrayDeque<>());
        if (q.size() >= MAX_PER_RECIPIENT) {
            return "the relay holds " + MAX_PER_RECIPIENT + " items for " + recipient + " already";
        }
        if (total >= MAX_TOTAL) {
            return "the relay holds " + MAX_TOTAL + " items already";
        }
        int size = h.item().getSerializedSize();
        if (bytes + size > MAX_TOTAL_BYTES) {
            return "the relay holds " + MAX_TOTAL_BYTES + " bytes of items already";
        }
        q.addLast(h);
        total++;
        bytes += size;
        return null;
    }

    /** Hands over (and forgets) what waits for the recipient and has not expired. */
    synchronized List<Held> take(PeerId recipient, Instant now) {
        ArrayDeque<Held> q = held.remove(recipient);
        if (q == null) {
            return List.of();
        }
        total -= q.size();
        List<Held> out = new ArrayList<>();
        for (Held h : q) {
            bytes -= h.item().getSerializedSize();
            if (h.expiresAt().isAfter(now)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Keeps (or replaces) the owner's checked bundle; @return null when kept, else why not */
    synchronized String publish(PeerId owner, PrekeyBundleMessage bundle, Instant expiresAt) {
        if (!bundles.containsKey(owner) && bundles.size() >= MAX_BUNDLES) {
            return "the relay holds " + MAX_BUNDLES + " prekey bundles already";
        }
        bundles.put(owner, new Published(bundle, expiresAt));
        return null;
    }

    /** The owner's bundle, or null when none is held or it expired. */
    synchronized PrekeyBundleMessage bundle(PeerId owner, Instant now) {
        Published p = bundles.get(owner);
        return p == null || !p.expiresAt().isAfter(now) ? null : p.bundle();
    }

    synchronized void purge(Instant now) {
        for (Iterator<ArrayDeque<Held>> it = held.values().iterator(); it.hasNext();) {
            ArrayDeque<Held> q = it.next();
            for (Iterator<Held> hi = q.iterator(); hi.hasNext();) {
                Held h = hi.next();
                if (!h.expiresAt().isAfter(now)) {
                    hi.remove();
                    total--;
                    bytes -= h.item().getSerializedSize();
                }
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        bundles.values().removeIf(p -> !p.expiresAt().isAfter(now));
    }

    synchronized int size() {
        return total;
    }

    synchronized int bundles() {
        return bundles.size();
    }
}
