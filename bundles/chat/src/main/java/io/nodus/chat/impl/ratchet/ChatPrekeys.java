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
 * This node's X3DH keys, in memory only: an X25519 identity key, a signed prekey (rotated, the previous one kept for
 * a grace period), and one-time prekeys issued one per bundle request and erased when used or stale.
 * <p>
 * Why in memory only: chat is ephemeral and no session survives a restart, so a persistent X25519 key would protect
 * nothing a fresh one does not; the long-term identity that peers pin is the Ed25519 node key, which signs the
 * X25519 identity key and the signed prekey. A restarted node therefore has new X3DH keys, and peers start new
 * sessions with it.
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
        this.signer = signer;
        this.random = random;
        this.clock = clock;
        this.signedPrekeyLifetime = signedPrekeyLifetime;
        this.identity = X25519KeyPair.generate(random);
        this.identitySignature = signer.apply(identityBindingData(identity.publicKeyRef()));
        this.current = newPrekey();
    }

    /** What the identity signature covers: a domain label and the X25519 identity key. */
    public static byte[] identityBindingData(byte[] identityKey) {
        return concat(IDENTITY_DOMAIN, identityKey);
    }

    /** What the bundle signature covers: a domain label, IK, the prekey id, SPK. */
    public static byte[] bundleSignedData(byte[] identityKey, int signedPrekeyId, byte[] signedPrekey) {
        return concat(BUNDLE_DOMAIN, identityKey, ByteBuffer.allocate(4).putInt(signedPrekeyId).array(), signedPrekey);
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

    private void rotateIfDue() {
        if (Duration.between(current.created(), clock.instant()).compareTo(signedPrekeyLifetime) >= 0) {
            if (previous != null) {
                previous.pair().destroy();
            }
            previous = current;
            current = newPrekey();
        }
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
