package io.nodus.crypto.asymmetric.impl;

import java.security.SecureRandom;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.RsaPublicKey;
import io.nodus.crypto.spi.X25519;

/**
 * The static public keys one side offers in mode {@code asymmetric} (its key-exchange contribution):
 * {@code version(1) flags(1) [x25519(32)] [oaep(bytes) pss(bytes)]}, flag bit 0 for X25519, bit 1 for RSA.
 */
record PeerKeys(byte[] x25519, RsaPublicKey oaep, RsaPublicKey pss) {

    static final int VERSION = 1;
    static final int FLAG_X25519 = 1;
    static final int FLAG_RSA = 2;
    static final int MAX_RSA_DER = 2048;

    static PeerKeys of(LocalKeys local) {
        return new PeerKeys(local.x25519() == null ? null : local.x25519().publicKey(),
                local.oaep() == null ? null : local.oaep().publicKey(),
                local.pss() == null ? null : local.pss().publicKey());
    }

    boolean hasX25519() {
        return x25519 != null;
    }

    boolean hasRsa() {
        return oaep != null && pss != null;
    }

    byte[] encode() {
        FieldWriter w = new FieldWriter(1200).u8(VERSION).u8((hasX25519() ? FLAG_X25519 : 0) | (hasRsa() ? FLAG_RSA : 0));
        if (hasX25519()) {
            w.raw(x25519);
        }
        if (hasRsa()) {
            w.bytes(oaep.der()).bytes(pss.der());
        }
        return w.toByteArray();
    }

    static PeerKeys decode(FieldReader r) throws CryptoException {
        if (r.u8("asymmetric keys version") != VERSION) {
            throw new CryptoException(Reason.MALFORMED, "asymmetric key offer version not understood");
        }
        int flags = r.u8("asymmetric key flags");
        if (flags == 0 || (flags & ~(FLAG_X25519 | FLAG_RSA)) != 0) {
            throw new CryptoException(Reason.MALFORMED, "asymmetric key offer flags " + flags + " are not valid");
        }
        byte[] x = (flags & FLAG_X25519) != 0 ? r.raw(X25519.KEY_BYTES, "X25519 key") : null;
        RsaPublicKey oaep = null;
        RsaPublicKey pss = null;
        if ((flags & FLAG_RSA) != 0) {
            try {
                oaep = RsaPublicKey.fromDer(r.bytes(MAX_RSA_DER, "RSA-OAEP key"));
                pss = RsaPublicKey.fromDer(r.bytes(MAX_RSA_DER, "RSA-PSS key"));
            } catch (IllegalArgumentException e) {
                throw new CryptoException(Reason.MALFORMED, "unusable RSA key: " + e.getMessage());
            }
        }
        if (x != null) {
            requireFullOrder(x);
        }
        return new PeerKeys(x, oaep, pss);
    }

    static PeerKeys decode(byte[] contribution) throws CryptoException {
        FieldReader r = new FieldReader(contribution);
        PeerKeys k = decode(r);
        r.requireEnd("asymmetric key offer");
        return k;
    }

    /** A low-order X25519 key would make every shared secret zero: refused up front. */
    private static void requireFullOrder(byte[] publicKey) throws CryptoException {
        X25519.KeyPair probe = X25519.generate(new SecureRandom());
        try {
            Arrays.fill(probe.agree(publicKey), (byte) 0);
        } finally {
            probe.destroy();
        }
    }
}
