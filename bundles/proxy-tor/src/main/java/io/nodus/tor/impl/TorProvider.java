package io.nodus.tor.impl;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.node.NodeInfo;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.proxy.ProxyStatusListener;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;

/**
 * Tor as a {@link ProxyProvider} named {@code tor}: routes go to tor's SocksPort while Tor is bootstrapped with
 * circuits established, and are refused otherwise. Configured by {@code io.nodus.tor} plus {@code useTor} of
 * {@code io.nodus.proxy} (both PIDs feed this component); everything about the daemon runs in a
 * {@link TorSupervisor} under {@code <data>/tor/}. (Its metatype is designated by {@link TorConfig}'s pid: a
 * component with two PIDs cannot carry a Designate.)
 */
@Component(immediate = true, service = {ProxyProvider.class, TorProvider.class},
        configurationPid = {TorConfig.PID, TorProvider.PROXY_PID}, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = ProxyProvider.NAME + "=" + ProxyRoute.TOR)
public final class TorProvider implements ProxyProvider {

    /** The routing policy's PID, read for {@code useTor} (mode auto starts a managed tor when it is true). */
    static final String PROXY_PID = "io.nodus.proxy";

    private static final System.Logger LOG = System.getLogger(TorProvider.class.getName());

    private final NodeInfo node;
    private volatile ProxyStatus status = ProxyStatus.of(ProxyRoute.TOR, ProxyStatus.State.STARTING, "starting");
    private ServiceListener hostArrivals;
    private volatile TorSupervisor supervisor;
    private volatile BundleContext context;

    @Activate
    public TorProvider(@Reference NodeInfo node) {
        this.node = node;
    }

    @Activate
    void activate(BundleContext ctx, Map<String, Object> config) {
        this.context = ctx;
        supervisor = new TorSupervisor(node.dataDir().resolve("tor"), ctx, this::setStatus, this::hostAddrs);
        hostArrivals = event -> {
            TorSupervisor s = supervisor;
            if (s != null && event.getType() == ServiceEvent.REGISTERED) {
                s.poke(); // publish the onion service now rather than at the next check
            }
        };
        try {
            ctx.addServiceListener(hostArrivals, "(objectClass=" + Host.class.getName() + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        apply(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(hostArrivals);
        TorSupervisor s = supervisor;
        supervisor = null;
        if (s != null) {
            s.close();
        }
        setStatus(ProxyStatus.State.DISABLED, "Tor provider stopped");
    }

    private void apply(Map<String, Object> config) {
        TorSupervisor s = supervisor;
        try {
            TorSettings next = TorSettings.from(config, context::getProperty);
            LOG.log(Level.INFO, "tor settings: {0}", next);
            s.configure(next);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "rejected configuration {0}: {1}", TorConfig.PID, e.getMessage());
            if (s.settings() == null) {
                setStatus(ProxyStatus.State.DOWN, "invalid configuration " + TorConfig.PID + ": " + e.getMessage());
            }
        }
    }

    /**
     * The host's addresses, looked up when needed rather than referenced: the host references the routing policy,
     * which references this provider, so a reference from here to the host would close a cycle.
     */
    private List<Multiaddr> hostAddrs() {
        BundleContext ctx = context;
        ServiceReference<Host> ref = ctx == null ? null : ctx.getServiceReference(Host.class);
        if (ref == null) {
            return List.of();
        }
        Host h = ctx.getService(ref);
        if (h == null) {
            return List.of();
        }
        try {
            return h.listenAddrs();
        } finally {
            ctx.ungetService(ref);
        }
    }

    private void setStatus(ProxyStatus.State state, String detail) {
        ProxyStatus next;
        synchronized (this) {
            ProxyStatus before = status;
            if (before.state() == state && (state == ProxyStatus.State.UP || before.detail().equals(detail))) {
                return;
            }
            next = ProxyStatus.of(ProxyRoute.TOR, state, detail);
            status = next;
        }
        LOG.log(state == ProxyStatus.State.DOWN ? Level.WARNING : Level.INFO, "tor status: {0}", next);
        fire(next);
    }

    /**
     * Tells every {@link ProxyStatusListener}, looked up now rather than tracked: the routing policy listens to us
     * and references us, so DS references both ways would be a cycle.
     */
    private void fire(ProxyStatus next) {
        BundleContext ctx = context;
        if (ctx == null) {
            return;
        }
        java.util.Collection<ServiceReference<ProxyStatusListener>> refs;
        try {
            refs = ctx.getServiceReferences(ProxyStatusListener.class, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return; // no filter, or the bundle is stopping
        }
        for (ServiceReference<ProxyStatusListener> ref : refs) {
            ProxyStatusListener l = ctx.getService(ref);
            if (l == null) {
                continue;
            }
            try {
                l.statusChanged(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "proxy status listener " + l + " failed", e);
            } finally {
                ctx.ungetService(ref);
            }
        }
    }

    // ---- ProxyProvider ----

    @Override
    public String name() {
        return ProxyRoute.TOR;
    }

    @Override
    public ProxyStatus status() {
        return status;
    }

    @Override
    public ProxyRoute route(Multiaddr target) {
        ProxyStatus st = status;
        TorSupervisor s = supervisor;
        Optional<InetSocketAddress> socks = s == null ? Optional.empty() : s.socks();
        if (!st.isUp() || socks.isEmpty()) {
            return ProxyRoute.refused(ProxyRoute.TOR, "Tor is " + st.state()
                    + (st.detail().isEmpty() ? "" : ": " + st.detail()));
        }
        return ProxyRoute.socks5(ProxyRoute.TOR, socks.get().getHostString(), socks.get().getPort(), "", "");
    }

    /** The supervisor, for the tor:* commands; empty while deactivated. */
    Optional<TorSupervisor> supervisor() {
        return Optional.ofNullable(supervisor);
    }
}
