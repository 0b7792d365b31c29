package io.nodus.chat.impl.ratchet;

import java.nio.ByteBuffer;

/**
 * HEADER(dh_pair, pn, n) of the Double Ratchet (section 3.1): the sender's current ratchet public key, the length
 * of its previous sending chain, and the message number in the current one. Encoded as 32 + 4 + 4 bytes, and that
 * encoding is what CONCAT(ad, header) authenticates.
 */
public record RatchetHeader(byte[] dh, int pn, int n) {

    public static final int ENCODED_BYTES = X25519KeyPair.KEY_BYTES + 8;

    public RatchetHeader {
        if (dh.length != X25519KeyPair.KEY_BYTES || pn < 0 || n < 0) {
            throw new IllegalArgumentException("ratchet header needs a 32-byte key and non-negative counters");
        }
        dh = dh.clone();
    }

    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_BYTES).put(dh).putInt(pn).putInt(n).array();
    }

    public static RatchetHeader decode(byte[] encoded) throws RatchetException {
        if (encoded == null || encoded.length != ENCODED_BYTES) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "ratchet header must be "
                    + ENCODED_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(encoded);
        byte[] dh = new byte[X25519KeyPair.KEY_BYTES];
        b.get(dh);
        int pn = b.getInt();
        int n = b.getInt();
        if (pn < 0 || n < 0) {
            throw new RatchetException(RatchetException.Reason.MALFORMED, "negative ratchet counter");
        }
        return new RatchetHeader(dh, pn, n);
    }

    @Override
    public byte[] dh() {
        return dh.clone();
    }
}
