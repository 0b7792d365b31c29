package io.nodus.tor.impl;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.proxy.ProxyStatus;

/** Gogo commands of scope {@code tor}. */
@Component(service = TorCommands.class, property = {
    "osgi.command.scope=tor",
    "osgi.command.function=status",
    "osgi.command.function=newnym",
    "osgi.command.function=onion",
    "osgi.command.function=circuits"
})
public final class TorCommands {

    private final TorProvider provider;

    @Activate
    public TorCommands(@Reference TorProvider provider) {
        this.provider = provider;
    }

    @Descriptor("Tor's state: mode, bootstrap, circuits, SOCKS and control ports, onion service")
    public String status() {
        ProxyStatus st = provider.status();
        StringBuilder sb = new StringBuilder();
        line(sb, "state", st.state() + (st.detail().isEmpty() ? "" : " - " + st.detail()));
        Optional<TorSupervisor> sup = provider.supervisor();
        if (sup.isEmpty()) {
            return sb.toString();
        }
        TorSupervisor s = sup.get();
        TorSettings cfg = s.settings();
        if (cfg != null) {
            line(sb, "mode", cfg.mode().name().toLowerCase(Locale.ROOT));
            if (cfg.control() != null) {
                line(sb, "control", TorSettings.text(cfg.control()));
            }
        }
        line(sb, "connected", s.controlConnected() ? "yes (tor " + s.torVersion() + ")" : "no");
        line(sb, "socks", s.socks().map(TorSettings::text).orElse("-"));
        line(sb, "bootstrap", s.bootstrap().toString());
        if (s.managedPid() > 0) {
            line(sb, "tor pid", String.valueOf(s.managedPid()));
        }
        line(sb, "newnym", (cfg == null || cfg.newnymMinutes() == 0 ? "on command" : "every "
                + cfg.newnymMinutes() + " min") + ", " + s.newnymCount() + " sent");
        line(sb, "onion", s.onion().current().map(p -> p.address().toString())
                .orElse("not published" + (s.onionProblem().isEmpty() ? "" : " (" + s.onionProblem() + ")")));
        return sb.toString().stripTrailing();
    }

    @Descriptor("new Tor circuits for new connections (SIGNAL NEWNYM)")
    public String newnym() throws IOException {
        return require().newnym();
    }

    @Descriptor("this node's onion service: its /onion3 multiaddr (first line), target and publish time")
    public String onion() throws IOException {
        TorSupervisor s = require();
        var p = s.onion().current();
        if (p.isEmpty()) {
            throw new IOException("onion service not published" + (s.onionProblem().isEmpty() ? ""
                    : ": " + s.onionProblem()) + s.onion().savedHostname().map(h -> " (address " + h + ")")
                    .orElse(""));
        }
        var o = p.get();
        return o.address() + "\nforwards to:   " + o.target() + "\ndescriptor:    "
                + (o.uploadedAfter() == null ? "not uploaded yet"
                        : "uploaded " + o.uploadedAfter().toMillis() + " ms after ADD_ONION");
    }

    @Descriptor("Tor's circuits (GETINFO circuit-status)")
    public String circuits() throws IOException {
        String c = require().circuits();
        return c.isEmpty() ? "no circuits" : c;
    }

    private TorSupervisor require() throws IOException {
        return provider.supervisor().orElseThrow(() -> new IOException("the Tor provider is not running"));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-11s %s%n", key + ":", value));
    }
}
