/**
 * Node identity: the Ed25519 key pair and libp2p peer IDs (libp2p peer-ids spec).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.api.identity;
