package io.nodus.pubsub.impl;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.pubsub.PubSub;
import io.nodus.api.pubsub.PubSubMessage;
import io.nodus.api.pubsub.TopicValidator;
import io.nodus.api.transport.ConnectionListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.pubsub.impl.network.PubSubNetwork;
import io.nodus.pubsub.impl.network.PubSubSettings;
import io.nodus.pubsub.impl.router.GossipParams;

/**
 * Pubsub as a DS component. The host is a mandatory static reference (no host, no pubsub; a new host means a new
 * pubsub). On activation it registers a {@link ProtocolHandler} for the router's protocol ids and a
 * {@link ConnectionListener} with the framework, so stopping or uninstalling this bundle removes them live.
 * Immediate, so the node speaks pubsub from start even before anyone subscribes. {@link TopicValidator}
 * services are tracked as a whiteboard.
 */
@Component(service = PubSub.class, immediate = true, configurationPid = PubSubConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PubSubConfig.class)
public final class PubSubService implements PubSub {

    private static final System.Logger LOG = System.getLogger(PubSubService.class.getName());

    private final PubSubNetwork network;
    private ServiceRegistration<ProtocolHandler> handlerRegistration;
    private ServiceRegistration<ConnectionListener> listenerRegistration;

    @Activate
    public PubSubService(@Reference Host host, @Reference NodeIdentity identity, PubSubConfig config) {
        this.network = new PubSubNetwork(host, identity, settings(config));
    }

    @Activate
    void activate(BundleContext context) {
        handlerRegistration = context.registerService(ProtocolHandler.class, network.protocolHandler(),
                protocolProperties());
        listenerRegistration = context.registerService(ConnectionListener.class, network.connectionListener(), null);
        network.start();
        LOG.log(Level.INFO, "pubsub serving {0}", network.protocols());
    }

    @Modified
    void modified(PubSubConfig config) {
        PubSubSettings next;
        try {
            next = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "rejected pubsub configuration, keeping the previous one: {0}", e.getMessage());
            return;
        }
        network.reconfigure(next);
        handlerRegistration.setProperties(protocolProperties());
        LOG.log(Level.INFO, "pubsub reconfigured: {0} serving {1}", next.router(), network.protocols());
    }

    @Deactivate
    void deactivate() {
        unregister(handlerRegistration);
        unregister(listenerRegistration);
        network.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTopicValidator")
    void addTopicValidator(TopicValidator validator, Map<String, Object> properties) {
        network.validators().add(validator, properties);
    }

    void removeTopicValidator(TopicValidator validator) {
        network.validators().remove(validator);
    }

    // ---- PubSub ----

    @Override
    public Subscription subscribe(String topic, Consumer<PubSubMessage> receiver) {
        return network.subscribe(topic, receiver);
    }

    @Override
    public void publish(String topic, byte[] data) {
        network.publish(topic, data);
    }

    @Override
    public List<PeerId> peers(String topic) {
        return network.peers(topic);
    }

    @Override
    public List<PeerId> peers() {
        return network.peers();
    }

    @Override
    public List<String> topics() {
        return network.topics();
    }

    /** The running network (shell diagnostics). */
    PubSubNetwork network() {
        return network;
    }

    // ---- helpers ----

    private Hashtable<String, Object> protocolProperties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ProtocolHandler.PROTOCOL, network.protocols().toArray(String[]::new));
        return props;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    /** @throws IllegalArgumentException when values are out of range */
    static PubSubSettings settings(PubSubConfig c) {
        GossipParams d = GossipParams.DEFAULTS;
        GossipParams gossip = new GossipParams(c.meshD(), c.meshDLow(), c.meshDHigh(), c.meshDLazy(),
                Duration.ofMillis(c.heartbeatMillis()), d.fanoutTtl(), d.mcacheLength(), d.mcacheGossip(),
                Duration.ofSeconds(c.pruneBackoffSeconds()), d.unsubscribeBackoff(), c.floodPublish(),
                d.gossipFactor());
        return new PubSubSettings(c.router().trim().toLowerCase(Locale.ROOT), c.maxRpcBytes(),
                c.outboundQueueLength(), Duration.ofSeconds(c.seenTtlSeconds()), c.seenCapacity(),
                c.deliveryQueueLength(), gossip);
    }
}
