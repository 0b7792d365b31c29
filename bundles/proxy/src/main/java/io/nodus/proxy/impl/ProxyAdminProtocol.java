package io.nodus.proxy.impl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;

/**
 * Serves {@value AdminMessage#PROTOCOL}: GetProxyConfig ({@code op=get}) and SetProxyConfig ({@code op=set}) for
 * peers listed in {@code admins} of {@code io.nodus.proxy}. The remote peer is the one Noise authenticated; anyone
 * else gets an error and nothing changes. One request per stream.
 */
@Component(service = ProtocolHandler.class, property = ProtocolHandler.PROTOCOL + "=" + AdminMessage.PROTOCOL)
public final class ProxyAdminProtocol implements ProtocolHandler {

    private static final System.Logger LOG = System.getLogger(ProxyAdminProtocol.class.getName());

    private final RoutingPolicy policy;
    private final ProxyConfigStore store;

    @Activate
    public ProxyAdminProtocol(@Reference RoutingPolicy policy, @Reference ProxyConfigStore store) {
        this.policy = policy;
        this.store = store;
    }

    @Override
    public void handle(P2PStream stream) throws IOException {
        AdminMessage request = AdminMessage.read(stream.input());
        answer(stream, request).write(stream.output());
        stream.closeWrite();
    }

    private AdminMessage answer(P2PStream stream, AdminMessage request) {
        if (!policy.settings().admins().contains(stream.remotePeer())) {
            LOG.log(Level.WARNING, "proxy-admin request from {0} refused: not an admin", stream.remotePeer());
            return AdminMessage.error("peer " + stream.remotePeer() + " is not an admin of this node"
                    + " (admins of " + ProxyConfig.PID + ")");
        }
        String op = request.get(AdminMessage.OP);
        if (AdminMessage.GET.equals(op)) {
            return current(policy.settings());
        }
        if (!AdminMessage.SET.equals(op)) {
            return AdminMessage.error("unknown op '" + op + "' (get or set)");
        }
        Map<String, String> changes = new LinkedHashMap<>(request.fields());
        changes.remove(AdminMessage.OP);
        if (changes.isEmpty()) {
            return AdminMessage.error("set needs at least one of " + String.join(", ", ProxyConfigStore.CHANGEABLE));
        }
        try {
            ProxySettings next = store.update(changes);
            LOG.log(Level.INFO, "proxy-admin: {0} changed {1}", stream.remotePeer(), changes.keySet());
            return current(next);
        } catch (IllegalArgumentException | IOException e) {
            return AdminMessage.error(e.getMessage());
        }
    }

    private AdminMessage current(ProxySettings s) {
        return AdminMessage.of(AdminMessage.STATUS, AdminMessage.OK,
                ProxySettings.USE_TOR, String.valueOf(s.useTor()),
                ProxySettings.PROXY, s.proxy().map(ProxyUrl::toString).orElse(ProxyUrl.NONE),
                ProxySettings.FALLBACK, String.valueOf(s.allowDirectFallback()),
                "policy", policy.status().toString());
    }
}
