package io.nodus.api.proxy;

import org.osgi.annotation.versioning.ProviderType;

import io.nodus.api.transport.Multiaddr;

/**
 * The routing policy the transport consults for every outbound TCP connection. With {@code useTor=true} everything
 * goes through Tor; with a SOCKS5 proxy configured, through it; {@code /onion3} targets always need Tor. When the
 * chosen provider is unavailable the route is {@link ProxyRoute.Kind#REFUSED} (fail-closed) unless
 * {@code allowDirectFallback=true}. Without any router the transport dials directly.
 */
@ProviderType
public interface OutboundRouter {

    /** Must not block: it only looks at configuration and provider status. */
    ProxyRoute route(Multiaddr target);

    /** The policy's own status: {@code UP} while routes are made as configured, {@code DOWN} while refusing. */
    ProxyStatus status();
}
