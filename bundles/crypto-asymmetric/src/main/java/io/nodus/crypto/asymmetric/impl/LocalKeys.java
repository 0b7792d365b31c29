package io.nodus.crypto.asymmetric.impl;

import java.util.Set;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.crypto.spi.RsaPrivateKey;
import io.nodus.crypto.spi.StaticKeys;
import io.nodus.crypto.spi.X25519;

/** This node's static keys for one session (null where the type is not offered), checked against revocation. */
record LocalKeys(X25519.KeyPair x25519, RsaPrivateKey oaep, RsaPrivateKey pss) {

    static final String X25519_PURPOSE = "asymmetric";
    static final String OAEP_PURPOSE = "asymmetric-oaep";
    static final String PSS_PURPOSE = "asymmetric-pss";

    static LocalKeys load(StaticKeys keys, Set<KeyType> types, ExchangeContext context) throws CryptoException {
        X25519.KeyPair x = types.contains(KeyType.X25519) ? keys.x25519(X25519_PURPOSE) : null;
        RsaPrivateKey oaep = types.contains(KeyType.RSA) ? keys.rsa(OAEP_PURPOSE) : null;
        RsaPrivateKey pss = types.contains(KeyType.RSA) ? keys.rsa(PSS_PURPOSE) : null;
        if (x != null) {
            context.requireNotRevoked(x.publicKey());
        }
        if (oaep != null) {
            context.requireNotRevoked(oaep.publicKey().der());
            context.requireNotRevoked(pss.publicKey().der());
        }
        return new LocalKeys(x, oaep, pss);
    }

    void erase() {
        if (x25519 != null) {
            x25519.destroy();
        }
    }
}
