/**
 * Topic-based publish/subscribe over the libp2p host (floodsub, gossipsub).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.api.pubsub;
