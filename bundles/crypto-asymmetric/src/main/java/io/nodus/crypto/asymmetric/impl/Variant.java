package io.nodus.crypto.asymmetric.impl;

/** How an {@code asymmetric} session seals and signs, fixed at the exchange. */
enum Variant {
    /** HPKE (X25519, HKDF-SHA256, AES-256-GCM) to the recipient's X25519 key; Ed25519 identity signature. */
    HPKE(1),
    /** A fresh AES-256-GCM key wrapped with RSA-OAEP-SHA256 to the recipient; RSA-PSS-SHA256 signature. */
    RSA(2);

    final int code;

    Variant(int code) {
        this.code = code;
    }

    static Variant of(int code) {
        for (Variant v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
