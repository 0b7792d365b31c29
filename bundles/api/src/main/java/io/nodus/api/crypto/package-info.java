/**
 * End-to-end protection of application payloads (chat messages, files, model updates) between two peers,
 * on top of the hop-by-hop Noise encryption of transport links.
 * <p>
 * Consumers use {@link io.nodus.api.crypto.EncryptionService}: {@code seal} for a peer, {@code open} what a peer
 * sealed. Providers register {@link io.nodus.api.crypto.EncryptionMode} services (whiteboard); the service
 * negotiates the strongest mode both peers' policies allow and keeps one session per peer.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.api.crypto;
