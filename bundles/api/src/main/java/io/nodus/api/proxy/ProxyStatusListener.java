package io.nodus.api.proxy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: services of this type hear every status change of the proxy providers and of the routing policy
 * (e.g. Tor bootstrapped, Tor gone, policy now refusing outbound connections). Called on the provider's thread:
 * return quickly and never block.
 */
@ConsumerType
public interface ProxyStatusListener {

    void statusChanged(ProxyStatus status);
}
