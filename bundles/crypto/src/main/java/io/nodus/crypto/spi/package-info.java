/**
 * What encryption mode providers (and other protocol bundles, e.g. chat's X3DH) build on: thin wrappers over JCA
 * and BouncyCastle primitives (AEAD, HKDF, X25519, Ed25519, RSA-OAEP, RSA-PSS, RSA PKCS#1 v1.5 verification),
 * a replay window, a bounded field codec, and the {@link io.nodus.crypto.spi.StaticKeys} service that keeps the
 * node's long-term encryption keys. No cipher is implemented here.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.crypto.spi;
