package io.nodus.chat.impl.ratchet;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One Double Ratchet session (Signal, "The Double Ratchet Algorithm", revision 1): a symmetric-key ratchet per
 * sending and receiving chain and a Diffie-Hellman ratchet on every change of speaker, giving forward secrecy and
 * post-compromise security. Out-of-order messages decrypt through bounded skipped message keys; a message whose
 * key was used already is refused as a replay. A refused message leaves the state as it was (section 3.5: "changes
 * to the state object are discarded"): decryption works on a copy that replaces the state only on success.
 * Thread-safe.
 */
public final class DoubleRatchet {

    /** Limits on skipped message keys: per step (MAX_SKIP, section 3.5) and in all. */
    public record Limits(int maxSkip, int maxStored) {
        public static final Limits DEFAULT = new Limits(1000, 2000);

        public Limits {
            if (maxSkip < 1 || maxStored < maxSkip) {
                throw new IllegalArgumentException("need 1 <= maxSkip <= maxStored");
            }
        }
    }

    /** One encrypted message: header and AEAD ciphertext. */
    public record Sealed(RatchetHeader header, byte[] ciphertext) {
    }

    private final byte[] associatedData;
    private final Limits limits;
    private final SecureRandom random;
    private RatchetState state;
    private boolean destroyed;

    private DoubleRatchet(RatchetState state, byte[] associatedData, Limits limits, SecureRandom random) {
        this.state = state;
        this.associatedData = associatedData.clone();
        this.limits = limits;
        this.random = random;
    }

    /** RatchetInitAlice (section 3.3): the initiator knows Bob's ratchet public key (his signed prekey in X3DH). */
    public static DoubleRatchet initAlice(byte[] sharedKey, byte[] bobRatchetPublic, byte[] associatedData,
            Limits limits, SecureRandom random) throws RatchetException {
        RatchetState s = new RatchetState();
        s.skipped = new SkippedMessageKeys(limits.maxStored());
        s.dhs = X25519KeyPair.generate(random);
        s.dhr = bobRatchetPublic.clone();
        byte[] dh = s.dhs.agree(s.dhr);
        byte[][] rkCk = RatchetKdf.rootStep(sharedKey, dh);
        RatchetState.erase(dh);
        s.rk = rkCk[0];
        s.cks = rkCk[1];
        return new DoubleRatchet(s, associatedData, limits, random);
    }

    /** RatchetInitBob (section 3.3): the responder starts from its ratchet key pair (copied) and waits to receive. */
    public static DoubleRatchet initBob(byte[] sharedKey, X25519KeyPair bobRatchetPair, byte[] associatedData,
            Limits limits, SecureRandom random) {
        RatchetState s = new RatchetState();
        s.skipped = new SkippedMessageKeys(limits.maxStored());
        s.dhs = bobRatchetPair.copy();
        s.rk = sharedKey.clone();
        return new DoubleRatchet(s, associatedData, limits, random);
    }

    /** RatchetEncrypt (section 3.4). */
    public synchronized Sealed encrypt(byte[] plaintext) throws RatchetException {
        requireOpen();
        if (state.cks == null) {
            throw new RatchetException(RatchetException.Reason.CLOSED,
                    "the responder sends only after the initiator's first message");
        }
        byte[][] ckMk = RatchetKdf.chainStep(state.cks);
        RatchetState.erase(state.cks);
        state.cks = ckMk[0];
        RatchetHeader header = new RatchetHeader(state.dhs.publicKeyRef(), state.pn, state.ns);
        state.ns++;
        try {
            return new Sealed(header, MessageCipher.encrypt(ckMk[1], plaintext, concat(header)));
        } finally {
            RatchetState.erase(ckMk[1]);
        }
    }

    /** RatchetDecrypt (section 3.5), on a copy of the state that is kept only when the message authenticates. */
    public synchronized byte[] decrypt(RatchetHeader header, byte[] ciphertext) throws RatchetException {
        requireOpen();
        byte[] dh = header.dh();
        RatchetState work = state.copy();
        try {
            byte[] plaintext = decrypt(work, header, dh, ciphertext);
            RatchetState old = state;
            state = work;
            work = old;
            return plaintext;
        } finally {
            work.destroy();
        }
    }

    private byte[] decrypt(RatchetState s, RatchetHeader header, byte[] dh, byte[] ciphertext)
            throws RatchetException {
        byte[] skippedKey = s.skipped.take(dh, header.n());
        if (skippedKey != null) {
            try {
                return MessageCipher.decrypt(skippedKey, ciphertext, concat(header));
            } finally {
                RatchetState.erase(skippedKey);
            }
        }
        boolean current = s.dhr != null && Arrays.equals(dh, s.dhr);
        if (current && header.n() < s.nr || !current && s.isRetired(dh)) {
            throw new RatchetException(RatchetException.Reason.REPLAY, "message key " + header.n()
                    + " was used already or erased");
        }
        if (!current) {
            skipMessageKeys(s, header.pn());
            dhRatchet(s, dh);
        }
        skipMessageKeys(s, header.n());
        byte[][] ckMk = RatchetKdf.chainStep(s.ckr);
        RatchetState.erase(s.ckr);
        s.ckr = ckMk[0];
        s.nr++;
        try {
            return MessageCipher.decrypt(ckMk[1], ciphertext, concat(header));
        } finally {
            RatchetState.erase(ckMk[1]);
        }
    }

    /** SkipMessageKeys (section 3.5), refusing to skip more than MAX_SKIP keys in one step. */
    private void skipMessageKeys(RatchetState s, int until) throws RatchetException {
        if (until - s.nr > limits.maxSkip()) {
            throw new RatchetException(RatchetException.Reason.TOO_FAR, "message is " + (until - s.nr)
                    + " ahead of its chain; at most " + limits.maxSkip() + " keys are skipped");
        }
        if (s.ckr == null) {
            return;
        }
        while (s.nr < until) {
            byte[][] ckMk = RatchetKdf.chainStep(s.ckr);
            RatchetState.erase(s.ckr);
            s.ckr = ckMk[0];
            s.skipped.put(s.dhr, s.nr, ckMk[1]);
            s.nr++;
        }
    }

    /** DHRatchet (section 3.5). */
    private void dhRatchet(RatchetState s, byte[] remote) throws RatchetException {
        if (s.dhr != null) {
            s.retire(s.dhr);
        }
        s.pn = s.ns;
        s.ns = 0;
        s.nr = 0;
        s.dhr = remote.clone();
        byte[] dh1 = s.dhs.agree(s.dhr);
        byte[][] rkCk = RatchetKdf.rootStep(s.rk, dh1);
        RatchetState.erase(dh1);
        RatchetState.erase(s.rk);
        RatchetState.erase(s.ckr);
        s.rk = rkCk[0];
        s.ckr = rkCk[1];
        s.dhs.destroy();
        s.dhs = X25519KeyPair.generate(random);
        byte[] dh2 = s.dhs.agree(s.dhr);
        rkCk = RatchetKdf.rootStep(s.rk, dh2);
        RatchetState.erase(dh2);
        RatchetState.erase(s.rk);
        RatchetState.erase(s.cks);
        s.rk = rkCk[0];
        s.cks = rkCk[1];
    }

    /** CONCAT(ad, header): the length of ad first, so the split is unambiguous (section 3.4). */
    private byte[] concat(RatchetHeader header) {
        byte[] h = header.encode();
        return ByteBuffer.allocate(4 + associatedData.length + h.length).putInt(associatedData.length)
                .put(associatedData).put(h).array();
    }

    /** A snapshot of the whole state (what an attacker who copied it would hold); for tests of compromise. */
    public synchronized DoubleRatchet copyState() {
        return new DoubleRatchet(state.copy(), associatedData, limits, random);
    }

    public synchronized int skippedKeys() {
        return state.skipped.size();
    }

    /** Erases every key of the session; everything is refused afterwards. */
    public synchronized void destroy() {
        if (!destroyed) {
            destroyed = true;
            state.destroy();
        }
    }

    /** True once {@link #destroy()} ran and no secret byte is left in the state. */
    public synchronized boolean isErased() {
        return destroyed && state.isErased();
    }

    private void requireOpen() throws RatchetException {
        if (destroyed) {
            throw new RatchetException(RatchetException.Reason.CLOSED, "session closed, keys erased");
        }
    }
}
