package io.nodus.crypto.spi;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's long-term encryption keys, one per purpose (e.g. {@code asymmetric}), created on first use and kept in
 * {@code <data>/keys/crypto/}. They are separate from the identity key, which only signs.
 */
@ProviderType
public interface StaticKeys {

    /** The X25519 key pair for {@code purpose}; a fresh copy each call (erase it with {@code destroy()}). */
    X25519.KeyPair x25519(String purpose);

    /** The RSA-{@value #RSA_BITS} key for {@code purpose}. */
    RsaPrivateKey rsa(String purpose);

    /**
     * Replaces every key with a fresh one (after a compromise) and returns the public keys that were replaced, in
     * the form mode providers pass to {@link io.nodus.api.crypto.ExchangeContext#requireNotRevoked} (raw X25519,
     * RSA DER), so they can be revoked.
     */
    List<byte[]> renewAll();

    /** The public keys that exist now, named {@code <purpose>.x25519} or {@code <purpose>.rsa}; none are created. */
    java.util.Map<String, byte[]> publicKeys();

    int RSA_BITS = 2048;
}
