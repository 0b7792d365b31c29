package io.nodus.chat.impl.ratchet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * This node's X3DH keys: an X25519 identity key, a signed prekey (rotated, the previous one kept for a grace period),
 * and one-time prekeys issued one per bundle request and erased when used or stale.
 * <p>
 * The long-term identity that peers pin is the Ed25519 node key, which signs the X25519 identity key and the signed
 * prekey. With a {@link PrekeyFile} the identity key and the signed prekeys survive a restart: a peer may have
 * fetched this node's published bundle from a relay and left a first message there while the node was down, and
 * opening it needs those private keys (X3DH section 3.2). The signed prekey still rotates and the file forgets the
 * retired one, which keeps forward secrecy for sessions started with it. One-time prekeys, sessions and messages stay
 * in memory only. Without a file, every key is in memory only and a restart makes new ones.
 */
public final class ChatPrekeys {

    static final byte[] BUNDLE_DOMAIN = "nodus-chat/prekey-bundle/v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] IDENTITY_DOMAIN = "nodus-chat/identity-key/v1".getBytes(StandardCharsets.US_ASCII);
    /** Most one-time prekeys handed out and not yet used. */
    public static final int MAX_ONE_TIME = 256;
    /** An issued one-time prekey not used within this time is erased. */
    public static final Duration ONE_TIME_LIFETIME = Duration.ofMinutes(5);

    private final Function<byte[], byte[]> signer;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration signedPrekeyLifetime;
    private final PrekeyFile file;
    private final X25519KeyPair identity;
    private final byte[] identitySignature;
    private final LinkedHashMap<Integer, OneTime> oneTime = new LinkedHashMap<>();
    private Prekey current;
    private Prekey previous;
    private int nextId = 1;

    private record Prekey(int id, X25519KeyPair pair, byte[] signature, Instant created) {
    }

    private record OneTime(X25519KeyPair pair, Instant issued) {
    }

    /** @param signer signs with the node's Ed25519 identity key */
    public ChatPrekeys(Function<byte[], byte[]> signer, SecureRandom random, Clock clock, Duration signedPrekeyLifetime) {
        this(signer, random, clock, signedPrekeyLifetime, null);
    }

    /**
     * @param file where the identity key and signed prekeys are kept across restarts, or null for memory only
     * @throws java.io.UncheckedIOException when new keys cannot be written to the file
     */
    public ChatPrekeys(Function<byte[], byte[]> signer, SecureRandom random, Clock clock, Duration signedPrekeyLifetime,
            PrekeyFile file) {
        this.signer = signer;
        this.random = random;
        this.clock = clock;
        this.signedPrekeyLifetime = signedPrekeyLifetime;
        this.file = file;
        PrekeyFile.State kept = file == null ? null : file.load();
        if (kept != null) {
            this.identity = X25519KeyPair.fromPrivate(kept.identity());
            RatchetState.erase(kept.identity());
            this.nextId = kept.nextId();
            this.current = restore(kept.current());
            this.previous = kept.previous() == null ? null : restore(kept.previous());
        } else {
            this.identity = X25519KeyPair.generate(random);
        }
        this.identitySignature = signer.apply(identityBindingData(identity.publicKeyRef()));
        if (kept == null) {
            this.current = newPrekey();
            save();
        }
    }
    /** What the identity signature covers: a domain label and the X25519 identity key. */
    public static byte[] identityBindingData(byte[] identityKey) {
        return concat(IDENTITY_DOMAIN, identityKey);
    }

    /** What the bundle signature covers: a domain label, IK, the prekey id, SPK. */
    public static byte[] bundleSignedData(byte[] identityKey, int signedPrekeyId, byte[] signedPrekey) {
        return concat(BUNDLE_DOMAIN, identityKey, ByteBuffer.allocate(4).putInt(signedPrekeyId).array(), signedPrekey);
    }

    /**
     * The bundle this node publishes at its relays (X3DH section 3.2): identity key and signed prekey, no one-time
     * prekey (a relay that handed one out twice would let its first messages be replayed; see the caller's checks).
     */
    public synchronized PrekeyBundle publishedBundle() {
        return new PrekeyBundle(identity.publicKey(), current.id(), current.pair().publicKey(),
                current.signature().clone(), 0, new byte[0]);
    }

    /** A fresh bundle with a new one-time prekey (rotating the signed prekey when it is old). */
    public synchronized PrekeyBundle bundle() {
        rotateIfDue();
        purgeOneTime();
        int id = nextId++;
        X25519KeyPair opk = X25519KeyPair.generate(random);
        oneTime.put(id, new OneTime(opk, clock.instant()));
        Iterator<OneTime> it = oneTime.values().iterator();
        while (oneTime.size() > MAX_ONE_TIME && it.hasNext()) {
            it.next().pair().destroy();
            it.remove();
        }
        return new PrekeyBundle(identity.publicKey(), current.id(), current.pair().publicKey(),
                current.signature().clone(), id, opk.publicKey());
    }

    public X25519KeyPair identityKey() {
        return identity;
    }

    public byte[] identitySignature() {
        return identitySignature.clone();
    }

    /** The signed prekey with that id (current or previous), or null. */
    public synchronized X25519KeyPair signedPrekey(int id) {
        if (current.id() == id) {
            return current.pair();
        }
        return previous != null && previous.id() == id ? previous.pair() : null;
    }

    /** Removes and returns the one-time prekey (each is used at most once), or null. */
    public synchronized X25519KeyPair takeOneTime(int id) {
        purgeOneTime();
        OneTime o = oneTime.remove(id);
        return o == null ? null : o.pair();
    }

    public synchronized int outstandingOneTime() {
        return oneTime.size();
    }

    public synchronized void destroy() {
        identity.destroy();
        current.pair().destroy();
        if (previous != null) {
            previous.pair().destroy();
        }
        oneTime.values().forEach(o -> o.pair().destroy());
        oneTime.clear();
    }

    /** Rotates the signed prekey when it is older than its lifetime; true when it did (publish the new bundle). */
    public synchronized boolean rotateIfDue() {
        if (Duration.between(current.created(), clock.instant()).compareTo(signedPrekeyLifetime) < 0) {
            return false;
        }
        if (previous != null) {
            previous.pair().destroy();
        }
        previous = current;
        current = newPrekey();
        save();
        return true;
    }

    private void purgeOneTime() {
        Instant limit = clock.instant().minus(ONE_TIME_LIFETIME);
        for (Iterator<Map.Entry<Integer, OneTime>> it = oneTime.entrySet().iterator(); it.hasNext();) {
            OneTime o = it.next().getValue();
            if (o.issued().isBefore(limit)) {
                o.pair().destroy();
                it.remove();
            }
        }
    }

    private Prekey restore(PrekeyFile.Saved saved) {
        X25519KeyPair pair = X25519KeyPair.fromPrivate(saved.privateKey());
        RatchetState.erase(saved.privateKey());
        byte[] sig = signer.apply(bundleSignedData(identity.publicKeyRef(), saved.id(), pair.publicKeyRef()));
        return new Prekey(saved.id(), pair, sig, saved.created());
    }

    private void save() {
        if (file == null) {
            return;
        }
        byte[] ik = identity.privateKeyCopy();
        PrekeyFile.Saved cur = saved(current);
        PrekeyFile.Saved prev = previous == null ? null : saved(previous);
        try {
            file.save(new PrekeyFile.State(ik, nextId, cur, prev));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the chat prekeys in " + file.path(), e);
        } finally {
            RatchetState.erase(ik);
            RatchetState.erase(cur.privateKey());
            if (prev != null) {
                RatchetState.erase(prev.privateKey());
            }
        }
    }

    private static PrekeyFile.Saved saved(Prekey p) {
        return new PrekeyFile.Saved(p.id(), p.pair().privateKeyCopy(), p.created());
    }

    private Prekey newPrekey() {
        int id = nextId++;
        X25519KeyPair pair = X25519KeyPair.generate(random);
        byte[] sig = signer.apply(bundleSignedData(identity.publicKeyRef(), id, pair.publicKeyRef()));
        return new Prekey(id, pair, sig, clock.instant());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
