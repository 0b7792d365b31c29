package io.nodus.crypto.impl;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.EncryptionPolicy;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.crypto.ModeInfo;
import io.nodus.api.crypto.SessionInfo;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.api.node.NodeInfo;
import io.nodus.api.pubsub.PubSub;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.ProtocolHandler;
import io.nodus.crypto.spi.StaticKeys;

/**
 * The node's {@link EncryptionService}: tracks the {@link EncryptionMode} providers (dynamic, greedy), serves
 * {@code /nodus/crypto/1.0.0} on the host, distributes revocation records over pubsub, and applies configuration
 * {@code io.nodus.crypto} live. Host and PubSub are optional: without them sessions cannot be negotiated, but the
 * service is up (and says so when asked to reach a peer).
 */
@Component(service = {EncryptionService.class, ProtocolHandler.class, CryptoControl.class},
        configurationPid = CryptoConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = ProtocolHandler.PROTOCOL + "=" + EncryptionService.PROTOCOL)
@Designate(ocd = CryptoConfig.class)
public final class NodeEncryptionService implements EncryptionService, ProtocolHandler, CryptoControl {

    static final String REVOCATION_TOPIC = "/nodus/crypto/revocations/1.0.0";
    static final Duration SERVE_DEADLINE = Duration.ofSeconds(30);

    @Reference
    private NodeIdentity identity;
    @Reference
    private NodeInfo node;
    @Reference
    private StaticKeys staticKeys;
    @Reference(service = LoggerFactory.class)
    private Logger log;

    private final ModeRegistry registry = new ModeRegistry();
    private volatile CryptoEngine engine;
    private volatile CryptoRequests requests;
    private volatile RevocationPublisher revocationPublisher;
    private volatile ScheduledExecutorService scheduler;
    private volatile Host host;
    private volatile PubSub pubsub;
    private volatile ConfigurationAdmin configAdmin;
    private BundleContext context;
    private final BundleListener uninstalls = this::bundleChanged;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) throws IOException {
        this.context = context;
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "nodus-crypto-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CryptoLog cryptoLog = new CryptoLog() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void warn(String message) {
                log.warn(message);
            }
        };
        RevocationList revocations = new RevocationList(node.dataDir().resolve("crypto").resolve("revocations"),
                identity, cryptoLog::warn);
        for (String skipped : revocations.load()) {
            log.warn("skipped revocation record {}", skipped);
        }
        CryptoEngine e = new CryptoEngine(identity, registry, revocations, Clock.systemUTC(), cryptoLog, scheduler);
        e.settings(settingsOrDefaults(properties));
        requests = new CryptoRequests(e, this::writeConfiguration);
        revocationPublisher = new RevocationPublisher(identity, revocations, cryptoLog);
        engine = e;
        PubSub ps = pubsub;
        if (ps != null) {
            revocationPublisher.attach(ps);
        }
        Host h = host;
        if (h != null) {
            e.channel(new HostChannel(h, scheduler));
        }
        context.addBundleListener(uninstalls);
        CryptoSettings s = e.settings();
        log.info("encryption service up: mode={} allowed={} offered={} installed={}", s.mode(), s.allowed(),
                e.policy().offered(), registry.installed().stream().map(ModeRegistry.Entry::id).toList());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        CryptoEngine e = engine;
        try {
            CryptoSettings next = CryptoSettings.parse(properties);
            e.settings(next);
            log.info("configuration {} applied: mode={} allowed={} offered={}", CryptoConfig.PID, next.mode(),
                    next.allowed(), e.policy().offered());
        } catch (IllegalArgumentException ex) {
            log.error("rejected configuration {}: {}; keeping the last good one (mode={}, allowed={})",
                    CryptoConfig.PID, ex.getMessage(), e.settings().mode(), e.settings().allowed());
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(uninstalls);
        engine.shutdown();
        revocationPublisher.close();
        scheduler.shutdownNow();
    }

    private CryptoSettings settingsOrDefaults(Map<String, Object> properties) {
        try {
            return CryptoSettings.parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("rejected configuration {}: {}; using defaults", CryptoConfig.PID, e.getMessage());
            return CryptoSettings.defaults();
        }
    }

    // ---------------------------------------------------------------- providers (whiteboard)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMode(EncryptionMode mode, ServiceReference<EncryptionMode> ref) {
        Object strength = ref.getProperty(EncryptionMode.STRENGTH);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        Bundle b = ref.getBundle();
        ModeRegistry.Entry e = new ModeRegistry.Entry(mode, mode.id(),
                strength instanceof Integer i ? i : mode.strength(), mode.description(),
                b == null ? "?" : b.getSymbolicName() + " " + b.getVersion(), b == null ? -1 : b.getBundleId(),
                ranking instanceof Integer r ? r : 0, (Long) ref.getProperty(Constants.SERVICE_ID));
        registry.add(e);
        CryptoEngine en = engine;
        if (en != null) {
            log.info("mode provider {} ('{}', strength {}) installed", e.provider(), e.id(), e.strength());
            en.handover.added(e);
        }
    }

    void unbindMode(EncryptionMode mode) {
        ModeRegistry.Entry e = registry.remove(mode);
        CryptoEngine en = engine;
        if (e != null && en != null) {
            log.info("mode provider {} ('{}') removed", e.provider(), e.id());
            en.handover.removed(e);
        }
    }

    private void bundleChanged(BundleEvent event) {
        CryptoEngine en = engine;
        if (en != null && event.getType() == BundleEvent.UNINSTALLED) {
            en.handover.bundleUninstalled(event.getBundle().getBundleId(), event.getBundle().getSymbolicName());
        }
    }

    // ---------------------------------------------------------------- transport, pubsub, configuration admin

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(Host h) {
        host = h;
        CryptoEngine en = engine;
        if (en != null) {
            en.channel(new HostChannel(h, scheduler));
        }
    }

    void unbindHost(Host h) {
        if (host == h) {
            host = null;
            CryptoEngine en = engine;
            if (en != null) {
                en.channel(null);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPubSub(PubSub p) {
        pubsub = p;
        RevocationPublisher publisher = revocationPublisher;
        if (publisher != null) {
            publisher.attach(p);
        }
    }

    void unbindPubSub(PubSub p) {
        if (pubsub == p) {
            pubsub = null;
        }
        RevocationPublisher publisher = revocationPublisher;
        if (publisher != null) {
            publisher.detach(p);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigAdmin(ConfigurationAdmin admin) {
        configAdmin = admin;
    }

    void unbindConfigAdmin(ConfigurationAdmin admin) {
        if (configAdmin == admin) {
            configAdmin = null;
        }
    }

    private void writeConfiguration(Map<String, Object> properties) throws IOException {
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            throw new IOException("no ConfigurationAdmin service");
        }
        Configuration c = admin.getConfiguration(CryptoConfig.PID, "?");
        Dictionary<String, Object> d = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        properties.forEach(d::put);
        c.update(d);
    }

    // ---------------------------------------------------------------- EncryptionService

    @Override
    public byte[] seal(PeerId to, byte[] plaintext, byte[] associatedData) throws CryptoException {
        return engine.seal(to, plaintext, associatedData);
    }

    @Override
    public byte[] open(PeerId from, byte[] sealed, byte[] associatedData) throws CryptoException {
        return engine.open(from, sealed, associatedData);
    }

    @Override
    public SessionInfo establish(PeerId peer) throws CryptoException {
        return engine.establish(peer);
    }

    @Override
    public SessionInfo rotate(PeerId peer) throws CryptoException {
        return engine.rotate(peer);
    }

    @Override
    public Optional<SessionInfo> session(PeerId peer) {
        return engine.session(peer);
    }

    @Override
    public List<SessionInfo> sessions() {
        return engine.sessions();
    }

    @Override
    public void close(PeerId peer) {
        engine.close(peer);
    }

    @Override
    public List<ModeInfo> modes() {
        return engine.modes();
    }

    @Override
    public EncryptionPolicy policy() {
        return engine.policy();
    }

    // ---------------------------------------------------------------- ProtocolHandler

    @Override
    public void handle(P2PStream stream) throws IOException {
        ScheduledExecutorService s = scheduler;
        var deadline = s.schedule(stream::reset, SERVE_DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            byte[] request = Frames.read(stream.input());
            Frames.write(stream.output(), requests.handle(stream.remotePeer(), request));
            stream.closeWrite();
        } finally {
            deadline.cancel(false);
        }
    }

    // ---------------------------------------------------------------- CryptoControl

    @Override
    public void configure(Map<String, String> changes) throws CryptoException {
        Map<String, Object> merged = new java.util.HashMap<>(engine.settings().toProperties());
        merged.putAll(changes);
        CryptoSettings next;
        try {
            next = CryptoSettings.parse(merged);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(CryptoException.Reason.INVALID_CONFIG, e.getMessage());
        }
        try {
            writeConfiguration(next.toProperties());
        } catch (IOException e) {
            throw new CryptoException(CryptoException.Reason.INVALID_CONFIG, "cannot store the configuration: "
                    + e.getMessage(), e);
        }
        engine.settings(next); // in force now; ConfigurationAdmin's @Modified brings the same values
    }

    @Override
    public Map<String, String> configuration() {
        return requests.view();
    }

    @Override
    public Map<String, String> remoteConfiguration(PeerId peer, Map<String, String> changes) throws CryptoException {
        return requests.remoteConfig(peer, changes);
    }

    @Override
    public Duration echo(PeerId peer, int size) throws CryptoException {
        return requests.echo(peer, size);
    }

    @Override
    public List<String> revokeStaticKeys(String reason) throws CryptoException {
        List<String> out = new ArrayList<>();
        for (byte[] key : staticKeys.renewAll()) {
            out.add(revocationPublisher.revoke(key, "encryption-key", reason, Instant.now()));
        }
        return out;
    }

    @Override
    public String revokeIdentity(String reason) throws CryptoException {
        return revocationPublisher.revoke(identity.publicKeyProtobuf(), RevocationRecord.KIND_IDENTITY, reason,
                Instant.now());
    }

    @Override
    public List<String> revocations() {
        return revocationPublisher.describe();
    }

    @Override
    public List<String> ownFingerprints() {
        List<String> out = new ArrayList<>();
        out.add("identity      " + io.nodus.crypto.spi.Sha256.displayFingerprint(identity.publicKeyProtobuf()));
        staticKeys.publicKeys().forEach((name, key) -> out.add(String.format("%-13s %s", name,
                io.nodus.crypto.spi.Sha256.displayFingerprint(key))));
        return out;
    }

    @Override
    public String fingerprint(PeerId peer) throws CryptoException {
        return engine.remoteFingerprint(peer);
    }
}
