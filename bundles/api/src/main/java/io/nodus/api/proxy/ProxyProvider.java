package io.nodus.api.proxy;

import org.osgi.annotation.versioning.ConsumerType;

import io.nodus.api.transport.Multiaddr;

/**
 * Whiteboard: one way out of the node (a direct connection, a SOCKS5 proxy, Tor), registered with the service
 * property {@value #NAME}. The {@link OutboundRouter} picks the provider its policy names; uninstalling a
 * provider's bundle takes it away live. Providers tell {@link ProxyStatusListener} services when their status
 * changes.
 */
@ConsumerType
public interface ProxyProvider {

    /** Service property: the provider's name, {@code direct}, {@code socks5} or {@code tor}. */
    String NAME = "nodus.proxy.provider";

    /** Same as the {@value #NAME} property. */
    String name();

    ProxyStatus status();

    /**
     * The route for one connection to {@code target} (which may be {@code /ip4}, {@code /ip6}, {@code /dns*} or
     * {@code /onion3}): a SOCKS5 route (or direct, for the direct provider) when usable, else a refused route
     * saying why. Must not block.
     */
    ProxyRoute route(Multiaddr target);
}
