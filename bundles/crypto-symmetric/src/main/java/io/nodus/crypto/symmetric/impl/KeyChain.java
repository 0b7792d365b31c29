package io.nodus.crypto.symmetric.impl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nodus.crypto.spi.Hkdf;

/**
 * One direction's keys: a chain key per epoch, from which the epoch's AES-256-GCM key is expanded and the next
 * epoch's chain key is expanded in turn (HKDF-Expand, SHA-256). Moving forward erases the old chain key, so keys of
 * past epochs cannot be derived again.
 */
final class KeyChain {

    private static final byte[] AEAD_KEY = "nodus symmetric v1 aead key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_CHAIN = "nodus symmetric v1 next chain".getBytes(StandardCharsets.US_ASCII);

    private final byte[] chain;
    private long epoch;

    KeyChain(byte[] chainKey, long epoch) {
        this.chain = chainKey.clone();
        this.epoch = epoch;
    }

    long epoch() {
        return epoch;
    }

    /** The AES-256 key of the current epoch (caller erases it). */
    byte[] aeadKey() {
        return Hkdf.expand(chain, AEAD_KEY, 32);
    }

    /** Moves to the next epoch, erasing the current chain key. */
    void advance() {
        byte[] next = Hkdf.expand(chain, NEXT_CHAIN, 32);
        System.arraycopy(next, 0, chain, 0, chain.length);
        Arrays.fill(next, (byte) 0);
        epoch++;
    }

    /** A copy that may be advanced without touching this chain (to try a later epoch before committing). */
    KeyChain copy() {
        return new KeyChain(chain, epoch);
    }

    /** The chain key (secret), for a handover. */
    byte[] chainKey() {
        return chain.clone();
    }

    void erase() {
        Arrays.fill(chain, (byte) 0);
    }
}
