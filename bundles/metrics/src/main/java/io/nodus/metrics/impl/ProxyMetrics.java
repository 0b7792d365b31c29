package io.nodus.metrics.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;
import io.nodus.api.proxy.OutboundRouter;
import io.nodus.api.proxy.ProxyProvider;
import io.nodus.api.proxy.ProxyStatus;

/**
 * How outbound connections leave the node: the routing policy's state and each proxy provider's state (one sample
 * per state, 1 for the current one), and {@code nodus_tor_up} when a Tor provider is installed.
 */
@Component(service = MetricsSource.class)
public class ProxyMetrics implements MetricsSource {

    static final String TOR = "tor";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OutboundRouter router;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ProxyProvider> providers;

    @Override
    public void collect(MetricsWriter w) {
        OutboundRouter r = router;
        if (r != null) {
            state(w, "nodus_proxy_policy_state", "State of the outbound routing policy (1 for the current state)",
                    Map.of(), r.status());
        }
        List<ProxyProvider> current = providers;
        for (ProxyProvider p : current) {
            ProxyStatus s = p.status();
            state(w, "nodus_proxy_provider_state", "State of each proxy provider (1 for the current state)",
                    Map.of("provider", p.name()), s);
            if (TOR.equals(p.name())) {
                w.gauge("nodus_tor_up", "1 while the Tor provider can make routes", s.isUp() ? 1 : 0);
            }
        }
        w.gauge("nodus_proxy_providers", "Proxy providers installed", current.size());
    }

    private static void state(MetricsWriter w, String name, String help, Map<String, String> base, ProxyStatus status) {
        for (ProxyStatus.State st : ProxyStatus.State.values()) {
            Map<String, String> labels = new HashMap<>(base);
            labels.put("state", st.name().toLowerCase(Locale.ROOT));
            w.gauge(name, help, labels, st == status.state() ? 1 : 0);
        }
    }
}
