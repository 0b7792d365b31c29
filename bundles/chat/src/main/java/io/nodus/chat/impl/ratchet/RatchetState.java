package io.nodus.chat.impl.ratchet;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The state variables of one Double Ratchet session (section 3.2): DHs, DHr, RK, CKs, CKr, Ns, Nr, PN and
 * MKSKIPPED, plus the remote ratchet keys already ratcheted past (to tell replays of old chains apart).
 */
final class RatchetState {

    /** How many retired remote ratchet keys are remembered for replay detection. */
    static final int RETIRED_KEYS = 64;

    X25519KeyPair dhs;
    byte[] dhr;
    byte[] rk;
    byte[] cks;
    byte[] ckr;
    int ns;
    int nr;
    int pn;
    SkippedMessageKeys skipped;
    ArrayDeque<String> retiredRemoteKeys = new ArrayDeque<>();

    RatchetState copy() {
        RatchetState c = new RatchetState();
        c.dhs = dhs == null ? null : dhs.copy();
        c.dhr = dhr == null ? null : dhr.clone();
        c.rk = rk == null ? null : rk.clone();
        c.cks = cks == null ? null : cks.clone();
        c.ckr = ckr == null ? null : ckr.clone();
        c.ns = ns;
        c.nr = nr;
        c.pn = pn;
        c.skipped = skipped.copy();
        c.retiredRemoteKeys = new ArrayDeque<>(retiredRemoteKeys);
        return c;
    }

    void retire(byte[] remoteKey) {
        retiredRemoteKeys.addLast(HexFormat.of().formatHex(remoteKey));
        while (retiredRemoteKeys.size() > RETIRED_KEYS) {
            retiredRemoteKeys.removeFirst();
        }
    }

    boolean isRetired(byte[] remoteKey) {
        return retiredRemoteKeys.contains(HexFormat.of().formatHex(remoteKey));
    }

    /** Erases every secret; the state is unusable afterwards. */
    void destroy() {
        if (dhs != null) {
            dhs.destroy();
        }
        erase(rk);
        erase(cks);
        erase(ckr);
        skipped.destroy();
    }

    /** True when no secret byte is left (root key, chain keys, ratchet private key, skipped keys). */
    boolean isErased() {
        return (dhs == null || dhs.isDestroyed()) && zero(rk) && zero(cks) && zero(ckr) && skipped.size() == 0;
    }

    static void erase(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static boolean zero(byte[] b) {
        if (b == null) {
            return true;
        }
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
