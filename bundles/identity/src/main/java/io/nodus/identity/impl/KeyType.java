package io.nodus.identity.impl;

/** The libp2p {@code KeyType} enum (peer-ids spec, "Keys"), with its protobuf numbers. */
enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    final int number;

    KeyType(int number) {
        this.number = number;
    }

    static KeyType of(int number) {
        for (KeyType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown libp2p key type " + number);
    }

    /** The spec's spelling: RSA, Ed25519, Secp256k1, ECDSA. */
    String specName() {
        return switch (this) {
            case RSA -> "RSA";
            case ED25519 -> "Ed25519";
            case SECP256K1 -> "Secp256k1";
            case ECDSA -> "ECDSA";
        };
    }
}
