/**
 * Proxy providers and the outbound routing policy: how each outbound connection leaves the node (direct, SOCKS5,
 * Tor), fail-closed when the configured way out is unavailable, and status events for other bundles.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.api.proxy;
