package io.nodus.crypto.asymmetric.impl;

/** The static keys a node may offer in mode {@code asymmetric}. */
enum KeyType {
    /** An X25519 key: payloads to it are sealed with HPKE. */
    X25519,
    /** An RSA-OAEP key (payload keys wrapped to it) and an RSA-PSS key (payloads signed with it). */
    RSA
}
