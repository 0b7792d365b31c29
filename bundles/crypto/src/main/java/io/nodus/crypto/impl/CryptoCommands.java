package io.nodus.crypto.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.PeerId;

/**
 * Shell commands of scope {@code crypto}: providers and policy, sessions, rotation, revocation, fingerprints,
 * key exchange, sealed round trips and remote configuration. Refusals are printed with their reason and leave the
 * shell's exit status at failure.
 */
@Component(service = CryptoCommands.class, property = {
        "osgi.command.scope=crypto",
        "osgi.command.function=modes",
        "osgi.command.function=mode",
        "osgi.command.function=allow",
        "osgi.command.function=sessions",
        "osgi.command.function=exchange",
        "osgi.command.function=rotate",
        "osgi.command.function=revoke",
        "osgi.command.function=revocations",
        "osgi.command.function=fingerprint",
        "osgi.command.function=ping",
        "osgi.command.function=peerconfig"})
public class CryptoCommands {

    static final int MAX_PINGS = 10_000;

    private final EncryptionService crypto;
    private final CryptoControl control;

    @Activate
    public CryptoCommands(@Reference(name = "crypto") EncryptionService crypto,
            @Reference(name = "control") CryptoControl control) {
        this.crypto = crypto;
        this.control = control;
    }

    @Descriptor("list the installed encryption mode providers, strongest first")
    public String modes() {
        EncryptionPolicy p = crypto.policy();
        List<ModeInfo> modes = crypto.modes();
        StringBuilder sb = new StringBuilder(String.format("%-12s %-8s %-8s %-42s %s%n", "MODE", "STRENGTH", "OFFERED",
                "PROVIDER", "DESCRIPTION"));
        for (ModeInfo m : modes) {
            sb.append(String.format("%-12s %-8d %-8s %-42s %s%n", m.id(), m.strength(),
                    p.offered().contains(m.id()) ? "yes" : "no", m.provider(), m.description()));
        }
        sb.append(modes.size()).append(modes.size() == 1 ? " provider" : " providers");
        return sb.toString();
    }

    @Descriptor("show this node's encryption policy")
    public String mode() {
        EncryptionPolicy p = crypto.policy();
        return "mode:     " + p.mode() + "\n"
                + "allowed:  " + String.join(",", p.allowed()) + "\n"
                + "offered:  " + String.join(",", p.offered());
    }

    @Descriptor("set the mode this node asks for (encryption.mode)")
    public String mode(@Descriptor("mode id: none, asymmetric, symmetric, ...") String mode) throws CryptoException {
        control.configure(Map.of("encryption.mode", mode));
        return mode();
    }

    @Descriptor("set the weaker modes this node also accepts (encryption.allowed)")
    public String allow(@Descriptor("comma-separated mode ids, or '-' for none") String modes) throws CryptoException {
        control.configure(Map.of("encryption.allowed", "-".equals(modes) ? "" : modes));
        return mode();
    }

    @Descriptor("list the current sessions")
    public String sessions() {
        List<SessionInfo> sessions = crypto.sessions();
        StringBuilder sb = new StringBuilder(String.format("%-54s %-11s %-16s %-6s %-10s %-10s %s%n", "PEER", "MODE",
                "SESSION", "EPOCH", "SEALED", "OPENED", "ROLE"));
        for (SessionInfo s : sessions) {
            sb.append(String.format("%-54s %-11s %-16s %-6d %-10d %-10d %s%n", s.peer(), s.mode(),
                    s.sessionId().substring(0, 16), s.keyEpoch(), s.messagesSealed(), s.messagesOpened(),
                    s.initiator() ? "initiator" : "responder"));
        }
        sb.append(sessions.size()).append(sessions.size() == 1 ? " session" : " sessions");
        return sb.toString();
    }

    @Descriptor("run a key exchange with a peer now (InitiateKeyExchange)")
    public String exchange(@Descriptor("peer ID") String peer) throws CryptoException {
        return describe("session", crypto.establish(parse(peer)));
    }

    @Descriptor("force fresh session keys with a peer")
    public String rotate(@Descriptor("peer ID") String peer) throws CryptoException {
        return describe("rotated", crypto.rotate(parse(peer)));
    }

    @Descriptor("revoke this node's static encryption keys (they are replaced) and publish the records")
    public String revoke() throws CryptoException {
        return revoke("keys");
    }

    @Descriptor("revoke 'keys' (static encryption keys, replaced) or 'identity' (this node's identity key: peers will"
            + " refuse it from then on)")
    public String revoke(@Descriptor("keys or identity") String what) throws CryptoException {
        switch (what) {
            case "keys" -> {
                List<String> revoked = control.revokeStaticKeys("revoked from the shell");
                return revoked.isEmpty() ? "no static keys to revoke"
                        : "revoked and replaced " + revoked.size() + " key(s):\n" + String.join("\n", revoked);
            }
            case "identity" -> {
                return "revoked identity key " + control.revokeIdentity("revoked from the shell")
                        + "\nWARNING: peers refuse this identity from now on; give the node a new identity key";
            }
            default -> throw new CryptoException(CryptoException.Reason.INVALID_CONFIG,
                    "crypto:revoke takes 'keys' or 'identity', not '" + what + "'");
        }
    }

    @Descriptor("list the revocation records this node knows")
    public String revocations() {
        List<String> r = control.revocations();
        return r.isEmpty() ? "no revocation records" : String.join("\n", r);
    }

    @Descriptor("show this node's key fingerprints")
    public String fingerprint() {
        return String.join("\n", control.ownFingerprints());
    }

    @Descriptor("show a peer's identity key fingerprint")
    public String fingerprint(@Descriptor("peer ID") String peer) throws CryptoException {
        return control.fingerprint(parse(peer));
    }

    @Descriptor("seal a payload for a peer, have it open and seal it back, and check it")
    public String ping(@Descriptor("peer ID") String peer) throws CryptoException {
        return ping(peer, 1, 1024);
    }

    @Descriptor("sealed round trips with a peer: count payloads of size bytes; prints how many came back intact")
    public String ping(@Descriptor("peer ID") String peer, @Descriptor("count") int count,
            @Descriptor("payload bytes") int size) throws CryptoException {
        if (count < 1 || count > MAX_PINGS) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, "count must be 1.." + MAX_PINGS);
        }
        PeerId p = parse(peer);
        int ok = 0;
        List<String> failures = new ArrayList<>();
        Duration total = Duration.ZERO;
        for (int i = 0; i < count; i++) {
            try {
                total = total.plus(control.echo(p, size));
                ok++;
            } catch (CryptoException e) {
                if (failures.size() < 5) {
                    failures.add("#" + i + " " + e.reason() + ": " + e.getMessage());
                }
            }
        }
        String mode = crypto.session(p).map(SessionInfo::mode).orElse("-");
        StringBuilder sb = new StringBuilder(String.format("%d/%d sealed round trips ok, mode %s, avg %.2f ms", ok,
                count, mode, ok == 0 ? 0.0 : total.toNanos() / 1e6 / ok));
        failures.forEach(f -> sb.append('\n').append(f));
        if (ok < count) {
            throw new CryptoException(CryptoException.Reason.PEER_UNREACHABLE, sb.toString());
        }
        return sb.toString();
    }

    @Descriptor("read (GetEncryptionConfig) or change (SetEncryptionConfig key=value ...) a peer's configuration;"
            + " the peer must list this node in encryption.admins")
    public String peerconfig(@Descriptor("peer ID") String peer, @Descriptor("key=value settings") String... settings)
            throws CryptoException {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CryptoException(CryptoException.Reason.INVALID_CONFIG, "'" + s + "' is not key=value");
            }
            changes.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(control.remoteConfiguration(parse(peer), changes))
                .forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString().stripTrailing();
    }

    private static String describe(String what, SessionInfo s) {
        return what + " with " + s.peer() + ": mode " + s.mode() + ", id " + s.sessionId() + ", epoch " + s.keyEpoch();
    }

    private static PeerId parse(String peer) throws CryptoException {
        try {
            return PeerId.parse(peer);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Reason.MALFORMED, e.getMessage());
        }
    }
}
