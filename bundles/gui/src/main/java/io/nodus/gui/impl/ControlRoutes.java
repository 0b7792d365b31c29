package io.nodus.gui.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;

import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.identity.PeerId;
import io.nodus.api.ml.TrainingOptions;
import io.nodus.api.ml.TrainingStatus;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.Multiaddr;
import io.nodus.gui.impl.ApiResponses.ApiException;
import jakarta.servlet.http.HttpServletResponse;

/** The node-wide routes of the API: connecting peers, proxy and Tor, the encryption mode, training. */
final class ControlRoutes {

    static final String CRYPTO_PID = "io.nodus.crypto";
    static final String CRYPTO_MODE_KEY = "encryption.mode";
    static final String MODE_NONE = "none";

    private final NodeServices services;
    private final ProxyControl proxy;
    private final TrainingBoard training;
    private final StateView state;
    private final ConfigurationAdmin configAdmin;

    ControlRoutes(NodeServices services, ProxyControl proxy, TrainingBoard training, StateView state,
            ConfigurationAdmin configAdmin) {
        this.services = services;
        this.proxy = proxy;
        this.training = training;
        this.state = state;
        this.configAdmin = configAdmin;
    }

    void connect(Form form, HttpServletResponse res) throws IOException, ApiException {
        Host host = services.host().orElseThrow(() -> ApiException.unavailable("the transport"));
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(form.require("addr").trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            PeerId p = host.connect(addr);
            ApiResponses.ok(res, Json.object().with("peer", p.toString()));
        } catch (IOException e) {
            throw new ApiException(HttpServletResponse.SC_BAD_GATEWAY, "cannot connect to " + addr + ": "
                    + e.getMessage());
        }
    }

    void proxy(Form form, HttpServletResponse res) throws IOException, ApiException {
        if (services.router().isEmpty()) {
            throw ApiException.unavailable("outbound routing (bundle io.nodus.proxy)");
        }
        proxy.apply(form.all());
        ApiResponses.ok(res, state.proxy());
    }

    void tor(Form form, HttpServletResponse res) throws IOException, ApiException {
        if (services.router().isEmpty()) {
            throw ApiException.unavailable("outbound routing (bundle io.nodus.proxy)");
        }
        proxy.setTor(ProxyControl.bool(form.require("on")));
        ApiResponses.ok(res, state.proxy());
    }

    /** The mode this node asks for: node-wide (the encryption service negotiates per peer from it). */
    void cryptoMode(Form form, HttpServletResponse res) throws IOException, ApiException {
        EncryptionService enc = services.encryption().orElseThrow(() -> ApiException.unavailable("encryption"));
        String mode = form.require("mode").trim();
        List<String> installed = enc.modes().stream().map(ModeInfo::id).toList();
        if (!installed.contains(mode) && !mode.equals(MODE_NONE)) {
            throw ApiException.badRequest("mode '" + mode + "' is not installed; installed: " + installed);
        }
        ConfigFiles.update(configAdmin, services.node().dataDir().resolve("etc"), CRYPTO_PID,
                Map.of(CRYPTO_MODE_KEY, mode));
        ApiResponses.ok(res, state.crypto());
    }

    Map<String, Object> training() {
        return training.view();
    }

    void trainingTarget(Form form, HttpServletResponse res) throws IOException, ApiException {
        training.setTarget(form.require("target").trim());
        ApiResponses.ok(res, training.view());
    }

    void startTraining(Form form, HttpServletResponse res) throws IOException, ApiException {
        if (form.has("target") && !form.get("target", "").isBlank()) {
            training.setTarget(form.get("target", "").trim());
        }
        TrainingOptions o = options(form);
        try {
            TrainingStatus s = training.start(o);
            ApiResponses.ok(res, Json.object().with("runId", s.runId()).with("state", s.state()));
        } catch (IOException e) {
            throw new ApiException(HttpServletResponse.SC_BAD_GATEWAY, e.getMessage());
        }
    }

    void stopTraining(HttpServletResponse res) throws IOException, ApiException {
        try {
            TrainingStatus s = training.stop();
            ApiResponses.ok(res, Json.object().with("runId", s.runId()).with("state", s.state()));
        } catch (IOException e) {
            throw new ApiException(HttpServletResponse.SC_BAD_GATEWAY, e.getMessage());
        }
    }

    /** The options of {@code ml:start}, by the same names; each missing one takes {@link TrainingOptions#defaults()}. */
    static TrainingOptions options(Form f) throws ApiException {
        TrainingOptions d = TrainingOptions.defaults();
        try {
            return new TrainingOptions(f.get("model", d.model()).trim(),
                    (int) ChatRoutes.number(f.get("rounds", "" + d.rounds()), "rounds", 1, 100_000),
                    (int) ChatRoutes.number(f.get("clients", "" + d.clients()), "clients", 1, 10_000),
                    f.get("partition", d.partition()).trim(), f.get("mode", d.mode()).trim(),
                    f.get("aggregation", d.aggregation()).trim(), f.get("compression", d.compression()).trim(),
                    (int) ChatRoutes.number(f.get("epochs", "" + d.localEpochs()), "epochs", 1, 1000),
                    (int) ChatRoutes.number(f.get("batch", "" + d.batchSize()), "batch", 1, 65_536),
                    decimal(f.get("lr", "" + d.learningRate()), "lr"),
                    (int) ChatRoutes.number(f.get("samples", "" + d.samplesPerClient()), "samples", 0, 10_000_000),
                    Duration.ofSeconds(ChatRoutes.number(f.get("timeout", "" + d.roundTimeout().toSeconds()),
                            "timeout", 1, 86_400)),
                    decimal(f.get("minParticipation", "" + d.minParticipation()), "minParticipation"),
                    ChatRoutes.number(f.get("seed", "" + d.seed()), "seed", Long.MIN_VALUE, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static double decimal(String text, String name) throws ApiException {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": '" + text + "' is not a number");
        }
    }
}
