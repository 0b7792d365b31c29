package io.nodus.proxy.impl;

import org.osgi.service.component.annotations.Component;

import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;

/** Direct connections: always available, but never for {@code /onion3} targets. */
@Component(service = ProxyProvider.class, property = ProxyProvider.NAME + "=" + ProxyRoute.DIRECT)
public final class DirectProvider implements ProxyProvider {

    private final ProxyStatus status = ProxyStatus.of(ProxyRoute.DIRECT, ProxyStatus.State.UP,
            "connects without a proxy");

    @Override
    public String name() {
        return ProxyRoute.DIRECT;
    }

    @Override
    public ProxyStatus status() {
        return status;
    }

    @Override
    public ProxyRoute route(Multiaddr target) {
        if (RoutingPolicy.isOnion(target)) {
            return ProxyRoute.refused(ProxyRoute.DIRECT, "/onion3 addresses cannot be reached directly");
        }
        return ProxyRoute.direct();
    }
}
