package io.nodus.api.proxy;

import java.io.IOException;

/**
 * An outbound connection that the routing policy refused before any packet left the node, e.g. because
 * {@code useTor=true} and Tor is not available (fail-closed). The message says why and what would allow it.
 */
public class ProxyRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient ProxyRoute route;

    public ProxyRefusedException(ProxyRoute route, String target) {
        super("outbound connection to " + target + " refused by " + route.via() + ": " + route.reason());
        this.route = route;
    }

    /** The refused route (its {@link ProxyRoute#reason()} and the provider or policy that refused). */
    public ProxyRoute route() {
        return route;
    }
}
