package io.nodus.chat.impl.ratchet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MKSKIPPED of the Double Ratchet (section 3.2): message keys of messages not yet received, indexed by ratchet
 * public key and message number, so late messages still decrypt. Bounded: a single step may skip at most
 * {@code maxSkip} keys, and at most {@code maxStored} are kept in all; the oldest are erased first (section 4.4,
 * "deleting skipped message keys").
 */
final class SkippedMessageKeys {

    private final int maxStored;
    private final LinkedHashMap<String, byte[]> keys = new LinkedHashMap<>();

    SkippedMessageKeys(int maxStored) {
        this.maxStored = maxStored;
    }

    private static String index(byte[] dh, int n) {
        return HexFormat.of().formatHex(dh) + ":" + n;
    }

    void put(byte[] dh, int n, byte[] messageKey) {
        keys.put(index(dh, n), messageKey);
        Iterator<Map.Entry<String, byte[]>> it = keys.entrySet().iterator();
        while (keys.size() > maxStored && it.hasNext()) {
            Arrays.fill(it.next().getValue(), (byte) 0);
            it.remove();
        }
    }

    /** Removes and returns the key, or null. */
    byte[] take(byte[] dh, int n) {
        return keys.remove(index(dh, n));
    }

    int size() {
        return keys.size();
    }

    SkippedMessageKeys copy() {
        SkippedMessageKeys c = new SkippedMessageKeys(maxStored);
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
            c.keys.put(e.getKey(), e.getValue().clone());
        }
        return c;
    }

    void destroy() {
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        keys.clear();
    }
}
