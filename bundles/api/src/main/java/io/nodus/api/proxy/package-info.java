/**
 * Proxy providers: how each outbound connection leaves the node (direct, SOCKS5, Tor).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.nodus.api.proxy;
