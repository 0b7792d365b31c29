package io.nodus.proxy.impl;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyRoute;
import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;

/**
 * The SOCKS5 proxy of {@code io.nodus.proxy}'s {@code proxy} setting as a provider. A probe (method negotiation and
 * authentication, no CONNECT) runs at every configuration change and every {@code healthCheckSeconds}; while it
 * fails the provider is DOWN and its routes are refused with the probe's reason. Status changes go to every
 * {@link io.nodus.api.proxy.ProxyStatusListener}.
 */
@Component(immediate = true, service = ProxyProvider.class, configurationPid = ProxyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = ProxyProvider.NAME + "=" + ProxyRoute.SOCKS5)
public final class Socks5Provider implements ProxyProvider {

    static final int PROBE_TIMEOUT_MILLIS = 3000;

    private static final System.Logger LOG = System.getLogger(Socks5Provider.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nodus-socks5-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile Optional<ProxyUrl> proxy = Optional.empty();
    private volatile ProxyStatus status = ProxyStatus.of(ProxyRoute.SOCKS5, ProxyStatus.State.DISABLED,
            "no SOCKS5 proxy configured");
    private ScheduledFuture<?> schedule;
    private volatile BundleContext context;

    @Activate
    void activate(BundleContext context, Map<String, Object> config) {
        apply(context, config);
    }

    @Modified
    void modified(BundleContext context, Map<String, Object> config) {
        apply(context, config);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private synchronized void apply(BundleContext ctx, Map<String, Object> config) {
        context = ctx;
        ProxySettings s;
        try {
            s = ProxySettings.from(config, ctx::getProperty);
        } catch (IllegalArgumentException e) {
            return; // the routing policy reports the rejected configuration and keeps the previous one
        }
        proxy = s.proxy();
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        if (proxy.isEmpty()) {
            setStatus(ProxyStatus.State.DISABLED, "no SOCKS5 proxy configured");
            return;
        }
        setStatus(ProxyStatus.State.STARTING, "checking " + proxy.get());
        schedule = timer.scheduleWithFixedDelay(this::probe, 0, s.healthCheckSeconds(), TimeUnit.SECONDS);
    }

    /** Runs on the probe thread. */
    private void probe() {
        Optional<ProxyUrl> p = proxy;
        if (p.isEmpty()) {
            return;
        }
        try {
            long nanos = Socks5Probe.probe(p.get(), PROBE_TIMEOUT_MILLIS);
            if (p.equals(proxy)) {
                setStatus(ProxyStatus.State.UP, p.get() + " answers (handshake " + nanos / 1_000_000 + " ms)");
            }
        } catch (Socks5Probe.ProbeException e) {
            if (p.equals(proxy)) {
                setStatus(ProxyStatus.State.DOWN, e.getMessage());
            }
        }
    }

    private void setStatus(ProxyStatus.State state, String detail) {
        ProxyStatus before = status;
        boolean changed = before.state() != state
                || (state != ProxyStatus.State.UP && !Objects.equals(before.detail(), detail));
        if (!changed) {
            return;
        }
        ProxyStatus next = ProxyStatus.of(ProxyRoute.SOCKS5, state, detail);
        status = next;
        BundleContext ctx = context;
        if (ctx != null) {
            StatusListeners.fireAll(ctx, next);
        }
    }

    // ---- ProxyProvider ----

    @Override
    public String name() {
        return ProxyRoute.SOCKS5;
    }

    @Override
    public ProxyStatus status() {
        return status;
    }

    @Override
    public ProxyRoute route(Multiaddr target) {
        Optional<ProxyUrl> p = proxy;
        ProxyStatus s = status;
        if (p.isEmpty()) {
            return ProxyRoute.refused(ProxyRoute.SOCKS5, "no SOCKS5 proxy is configured");
        }
        if (s.state() == ProxyStatus.State.DOWN) {
            try {
                timer.execute(this::probe); // it may be back: check now rather than at the next interval
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "probe not scheduled: provider stopping");
            }
            return ProxyRoute.refused(ProxyRoute.SOCKS5, "the SOCKS5 proxy is down: " + s.detail());
        }
        return p.get().route();
    }
}
