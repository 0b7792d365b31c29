package io.nodus.proxy.impl;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.proxy.ProxyStatusListener;
import io.nodus.api.transport.Multiaddr;

/**
 * The outbound routing policy ({@link OutboundRouter}): picks the provider its settings name for every outbound
 * connection and refuses (fail-closed) when that provider is missing or down, unless {@code allowDirectFallback}.
 * {@code /onion3} targets always go through Tor, never directly. It listens to the providers' status and announces
 * its own ({@code policy}) when what it does changes.
 */
@Component(immediate = true, service = {OutboundRouter.class, ProxyStatusListener.class, RoutingPolicy.class},
        configurationPid = ProxyConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = RoutingPolicy.POLICY_PROPERTY + "=true")
@Designate(ocd = ProxyConfig.class)
public final class RoutingPolicy implements OutboundRouter, ProxyStatusListener {

    /** Marks the policy's own listener service, so it does not listen to itself. */
    static final String POLICY_PROPERTY = "nodus.proxy.policy";

    private static final System.Logger LOG = System.getLogger(RoutingPolicy.class.getName());

    private final Map<String, ProxyProvider> providers = new ConcurrentHashMap<>();
    private final StatusListeners listeners = new StatusListeners();
    private volatile ProxySettings settings = ProxySettings.defaults();
    private volatile ProxyStatus status = ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.UP, "direct");

    public RoutingPolicy() {
    }

    /** For tests: a policy with fixed settings. */
    RoutingPolicy(ProxySettings settings) {
        this.settings = settings;
        this.status = compute();
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        apply(context, config);
    }

    @Modified
    void modified(BundleContext context, Map<String, Object> config) {
        apply(context, config);
    }

    private void apply(BundleContext context, Map<String, Object> config) {
        try {
            settings = ProxySettings.from(config, context::getProperty);
            LOG.log(Level.INFO, "outbound routing: {0}", settings.describe().replace('\n', ';'));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "rejected configuration {0}: {1}; keeping {2}", ProxyConfig.PID, e.getMessage(),
                    settings.describe().replace('\n', ';'));
        }
        refresh();
    }

    // ---- whiteboards ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider", updated = "updatedProvider")
    void addProvider(ProxyProvider provider, Map<String, Object> properties) {
        Object name = properties.get(ProxyProvider.NAME);
        providers.put(name == null ? provider.name() : name.toString(), provider);
        refresh();
    }

    void updatedProvider(ProxyProvider provider, Map<String, Object> properties) {
        addProvider(provider, properties);
    }

    void removeProvider(ProxyProvider provider) {
        providers.values().removeIf(p -> p == provider);
        refresh();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeListener",
            target = "(!(" + POLICY_PROPERTY + "=true))")
    void addListener(ProxyStatusListener l) {
        listeners.add(l);
    }

    void removeListener(ProxyStatusListener l) {
        listeners.remove(l);
    }

    @Override
    public void statusChanged(ProxyStatus providerStatus) {
        if (!ProxyStatus.POLICY.equals(providerStatus.source())) {
            refresh();
        }
    }

    // ---- OutboundRouter ----

    @Override
    public ProxyRoute route(Multiaddr target) {
        ProxySettings s = settings;
        if (isOnion(target)) {
            ProxyRoute r = through(ProxyRoute.TOR, target, "/onion3 addresses are reachable only through Tor");
            return r.isRefused() ? ProxyRoute.refused(r.via(), r.reason() + " (never directly)") : r;
        }
        String wanted = wanted(s);
        if (wanted.equals(ProxyRoute.DIRECT)) {
            return ProxyRoute.direct();
        }
        ProxyRoute r = through(wanted, target, wanted.equals(ProxyRoute.TOR) ? "useTor=true" : "a SOCKS5 proxy is set");
        if (!r.isRefused()) {
            return r;
        }
        if (s.allowDirectFallback()) {
            LOG.log(Level.WARNING, "{0} unavailable ({1}): connecting to {2} directly (allowDirectFallback=true)",
                    wanted, r.reason(), target);
            return ProxyRoute.direct();
        }
        return ProxyRoute.refused(r.via(), r.reason() + "; fail-closed: no direct connection is made"
                + " (set allowDirectFallback=true in " + ProxyConfig.PID + " to allow one)");
    }

    @Override
    public ProxyStatus status() {
        return status;
    }

    public ProxySettings settings() {
        return settings;
    }

    /** The providers present now, by name. */
    public Map<String, ProxyProvider> providers() {
        return Map.copyOf(providers);
    }

    // ---- internal ----

    static boolean isOnion(Multiaddr target) {
        return !target.isEmpty() && target.components().get(0).protocol().equals("onion3");
    }

    private static String wanted(ProxySettings s) {
        if (s.useTor()) {
            return ProxyRoute.TOR;
        }
        return s.proxy().isPresent() ? ProxyRoute.SOCKS5 : ProxyRoute.DIRECT;
    }

    /** The named provider's route, or a refusal saying why there is none. */
    private ProxyRoute through(String name, Multiaddr target, String why) {
        ProxyProvider p = providers.get(name);
        if (p == null) {
            return ProxyRoute.refused(ProxyStatus.POLICY, why + " but the " + name + " provider is not installed"
                    + (name.equals(ProxyRoute.TOR) ? " (bundle io.nodus.proxy-tor)" : ""));
        }
        ProxyRoute r = p.route(target);
        if (r.isRefused()) {
            return ProxyRoute.refused(r.via(), why + " but " + r.reason());
        }
        return r;
    }

    private ProxyStatus compute() {
        ProxySettings s = settings;
        String wanted = wanted(s);
        if (wanted.equals(ProxyRoute.DIRECT)) {
            return ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.UP, "outbound connections go directly");
        }
        ProxyProvider p = providers.get(wanted);
        ProxyStatus ps = p == null ? null : p.status();
        if (ps != null && ps.isUp()) {
            return ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.UP, "outbound connections go through "
                    + wanted);
        }
        String why = p == null ? "the " + wanted + " provider is not installed" : wanted + " is " + ps.state()
                + (ps.detail().isEmpty() ? "" : ": " + ps.detail());
        if (s.allowDirectFallback()) {
            return ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.UP, why
                    + "; falling back to direct connections (allowDirectFallback=true)");
        }
        return ProxyStatus.of(ProxyStatus.POLICY, ProxyStatus.State.DOWN, why
                + "; refusing outbound connections (fail-closed)");
    }

    /** Recomputes the policy status and announces it when what the policy does changed. */
    private void refresh() {
        ProxyStatus next = compute();
        ProxyStatus before;
        synchronized (this) {
            before = status;
            if (before.state() == next.state() && Objects.equals(before.detail(), next.detail())) {
                return;
            }
            status = next;
        }
        listeners.fire(next);
    }
}
