package io.nodus.gui.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.chat.ChatService;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.ml.TrainingCoordinator;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.transport.Host;

/**
 * The node's capabilities as the UI sees them: every one optional and dynamic, so the UI works with whatever bundles
 * are installed (a missing capability shows as "not available") and follows bundles that come, go or are replaced.
 */
@Component(service = NodeServices.class)
public final class NodeServices {

    private final NodeInfo node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Host host;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NodeIdentity identity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChatService chat;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EncryptionService encryption;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OutboundRouter router;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TrainingCoordinator coordinator;

    private final Map<ProxyProvider, String> providers = new ConcurrentHashMap<>();

    @Activate
    public NodeServices(@Reference NodeInfo node) {
        this.node = node;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider")
    void addProvider(ProxyProvider provider, Map<String, Object> properties) {
        Object name = properties.get(ProxyProvider.NAME);
        providers.put(provider, name == null ? provider.name() : name.toString());
    }

    void removeProvider(ProxyProvider provider) {
        providers.remove(provider);
    }

    NodeInfo node() {
        return node;
    }

    Optional<Host> host() {
        return Optional.ofNullable(host);
    }

    Optional<NodeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    Optional<ChatService> chat() {
        return Optional.ofNullable(chat);
    }

    Optional<EncryptionService> encryption() {
        return Optional.ofNullable(encryption);
    }

    Optional<OutboundRouter> router() {
        return Optional.ofNullable(router);
    }

    Optional<TrainingCoordinator> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    /** The installed proxy providers, by name. */
    List<Map.Entry<String, ProxyProvider>> providers() {
        return providers.entrySet().stream().map(e -> Map.entry(e.getValue(), e.getKey()))
                .sorted(Map.Entry.comparingByKey()).toList();
    }
}
