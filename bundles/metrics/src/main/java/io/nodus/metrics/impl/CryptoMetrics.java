package io.nodus.metrics.impl;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;

/**
 * End-to-end encryption: sessions by mode, what the current sessions sealed and opened, key rotations, the installed
 * modes and the policy. Nothing is written while no encryption service runs.
 */
@Component(service = MetricsSource.class)
public class CryptoMetrics implements MetricsSource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EncryptionService crypto;

    @Override
    public void collect(MetricsWriter w) {
        EncryptionService c = crypto;
        if (c == null) {
            return;
        }
        List<ModeInfo> modes = c.modes();
        Map<String, long[]> byMode = new TreeMap<>(); // sessions, sealed, sealed bytes, opened, key epochs
        for (ModeInfo m : modes) {
            byMode.put(m.id(), new long[5]);
        }
        for (SessionInfo s : c.sessions()) {
            long[] v = byMode.computeIfAbsent(s.mode(), k -> new long[5]);
            v[0]++;
            v[1] += s.messagesSealed();
            v[2] += s.bytesSealed();
            v[3] += s.messagesOpened();
            v[4] += s.keyEpoch();
        }
        for (Map.Entry<String, long[]> e : byMode.entrySet()) {
            Map<String, String> mode = Map.of("mode", e.getKey());
            long[] v = e.getValue();
            w.gauge("nodus_crypto_sessions", "Current end-to-end sessions by mode", mode, v[0]);
            w.gauge("nodus_crypto_session_messages_sealed", "Payloads sealed in the current key epoch of the current sessions",
                    mode, v[1]);
            w.gauge("nodus_crypto_session_sealed_bytes", "Plaintext bytes sealed in the current key epoch of the current sessions",
                    mode, v[2]);
            w.gauge("nodus_crypto_session_messages_opened", "Payloads opened in the current sessions", mode, v[3]);
            w.gauge("nodus_crypto_session_key_rotations", "Key rotations of the current sessions since their exchange",
                    mode, v[4]);
        }
        w.gauge("nodus_crypto_modes_installed", "Encryption mode providers installed", modes.size());
        EncryptionPolicy p = c.policy();
        w.gauge("nodus_crypto_policy_info", "The mode this node asks for", Map.of("mode", p.mode()), 1);
    }
}
