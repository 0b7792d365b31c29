package io.nodus.crypto.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.pubsub.PubSub;
import io.nodus.api.pubsub.PubSubMessage;

/**
 * Distributes revocation records on the pubsub topic {@value NodeEncryptionService#REVOCATION_TOPIC}: publishes the
 * ones this node makes (and re-publishes its own when pubsub comes up), verifies and adds the ones it hears.
 */
final class RevocationPublisher {

    private final NodeIdentity identity;
    private final RevocationList revocations;
    private final CryptoLog log;
    private PubSub pubsub;
    private PubSub.Subscription subscription;

    RevocationPublisher(NodeIdentity identity, RevocationList revocations, CryptoLog log) {
        this.identity = identity;
        this.revocations = revocations;
        this.log = log;
    }

    synchronized void attach(PubSub p) {
        detach(pubsub);
        pubsub = p;
        subscription = p.subscribe(NodeEncryptionService.REVOCATION_TOPIC, this::received);
        for (RevocationRecord r : revocations.records()) {
            if (r.owner().equals(identity.peerId())) {
                p.publish(NodeEncryptionService.REVOCATION_TOPIC, r.encoded());
            }
        }
    }

    synchronized void detach(PubSub p) {
        if (p != null && pubsub == p) {
            subscription.close();
            subscription = null;
            pubsub = null;
        }
    }

    synchronized void close() {
        detach(pubsub);
    }

    /** Signs a record for one of this node's keys, applies it here and publishes it; returns its fingerprint. */
    String revoke(byte[] key, String kind, String reason, Instant at) throws CryptoException {
        RevocationRecord r = RevocationRecord.create(identity, key, kind, reason, at);
        revocations.add(r.encoded());
        PubSub p;
        synchronized (this) {
            p = pubsub;
        }
        if (p != null) {
            p.publish(NodeEncryptionService.REVOCATION_TOPIC, r.encoded());
        } else {
            log.warn("revocation of " + r.fingerprintHex() + " applies here but is not distributed: no pubsub service;"
                    + " it is published when pubsub comes up");
        }
        return r.fingerprintHex();
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (RevocationRecord r : revocations.records()) {
            out.add(r.revokedAt() + "  " + r.fingerprintHex() + "  " + r.kind() + "  by " + r.owner() + "  "
                    + r.reason());
        }
        return out;
    }

    private void received(PubSubMessage m) {
        try {
            if (revocations.add(m.data())) {
                log.warn("revocation record received from " + m.from() + " and applied");
            }
        } catch (CryptoException e) {
            log.info("ignored revocation record from " + m.from() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("revocation record from " + m.from() + " could not be handled: " + e);
        }
    }
}
