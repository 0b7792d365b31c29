package io.nodus.proxy.impl;

import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;

/** A provider whose state a test sets. */
final class FakeProvider implements ProxyProvider {

    private final String name;
    private volatile ProxyStatus status;

    FakeProvider(String name, ProxyStatus.State state) {
        this.name = name;
        set(state);
    }

    void set(ProxyStatus.State state) {
        status = ProxyStatus.of(name, state, name + " is " + state);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProxyStatus status() {
        return status;
    }

    @Override
    public ProxyRoute route(Multiaddr target) {
        return status.isUp() ? ProxyRoute.socks5(name, "127.0.0.1", 9050, "", "")
                : ProxyRoute.refused(name, status.detail());
    }
}
