package io.nodus.crypto.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.StaticKeys;

/**
 * One node of a {@link TestNetwork}: the real encryption engine, request handler, revocation list and static key
 * store (in a temporary directory), with mode providers added and removed as the DS component would.
 */
public final class TestNode implements AutoCloseable {

    private static final AtomicLong BUNDLE_IDS = new AtomicLong(100);

    private final String name;
    private final NodeIdentity identity;
    private final Path dir;
    private final ModeRegistry registry = new ModeRegistry();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler;
    private final RevocationList revocations;
    private final CryptoEngine engine;
    private final CryptoRequests requests;
    private final NodeStaticKeys staticKeys;
    private final TestNetwork network;
    private final Map<EncryptionMode, Long> bundles = new HashMap<>();
    private volatile boolean closed;
    private final AtomicLong serviceIds = new AtomicLong();

    TestNode(TestNetwork network, String name, NodeIdentity identity) {
        this.network = network;
        this.name = name;
        this.identity = identity;
        try {
            this.dir = Files.createTempDirectory("nodus-crypto-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "test-crypto-" + name);
            t.setDaemon(true);
            return t;
        });
        CryptoLog cryptoLog = new CryptoLog() {
            @Override
            public void info(String message) {
                log.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
        revocations = new RevocationList(dir.resolve("revocations"), identity, cryptoLog::warn);
        engine = new CryptoEngine(identity, registry, revocations, Clock.systemUTC(), cryptoLog, scheduler);
        requests = new CryptoRequests(engine, props -> engine.settings(CryptoSettings.parse(props)));
        staticKeys = new NodeStaticKeys(dir.resolve("keys"));
        engine.channel(network.channelFor(this));
    }

    public String name() {
        return name;
    }

    public PeerId peerId() {
        return identity.peerId();
    }

    public NodeIdentity identity() {
        return identity;
    }

    public EncryptionService service() {
        return engine;
    }

    public StaticKeys staticKeys() {
        return staticKeys;
    }

    public Path dataDir() {
        return dir;
    }

    /** Registers a provider as if its bundle (a fresh id) started; returns that bundle id. */
    public long addMode(EncryptionMode mode) {
        return addMode(mode, BUNDLE_IDS.incrementAndGet());
    }

    /** Registers a provider from the given bundle (e.g. the same id again after an update). */
    public long addMode(EncryptionMode mode, long bundleId) {
        ModeRegistry.Entry e = new ModeRegistry.Entry(mode, mode.id(), mode.strength(), mode.description(),
                "test.bundle." + mode.id() + " #" + bundleId, bundleId, 0, serviceIds.incrementAndGet());
        synchronized (bundles) {
            bundles.put(mode, bundleId);
        }
        registry.add(e);
        engine.handover.added(e);
        return bundleId;
    }

    /** Unregisters a provider's service (its bundle stops or is being updated). */
    public void removeMode(EncryptionMode mode) {
        ModeRegistry.Entry e = registry.remove(mode);
        if (e != null) {
            engine.handover.removed(e);
        }
    }

    /** The provider's bundle is uninstalled (after its service went away). */
    public void uninstallBundle(long bundleId) {
        engine.handover.bundleUninstalled(bundleId, "test.bundle #" + bundleId);
    }

    /** Changes the configuration as the shell or a ConfigAdmin update would (validated whole). */
    public void configure(Map<String, String> changes) throws CryptoException {
        requests.apply(null, changes);
    }

    /** Settings keys such as {@code encryption.admins} that remote admins may not set. */
    public void configureLocally(Map<String, Object> changes) {
        Map<String, Object> merged = new HashMap<>(engine.settings().toProperties());
        merged.putAll(changes);
        engine.settings(CryptoSettings.parse(merged));
    }

    public Map<String, String> remoteConfig(PeerId peer, Map<String, String> changes) throws CryptoException {
        return requests.remoteConfig(peer, changes);
    }

    public Duration echo(PeerId peer, int size) throws CryptoException {
        return requests.echo(peer, size);
    }

    /** Revokes this node's static keys (replacing them) and hands the records to every node. */
    public List<String> revokeStaticKeys() {
        List<String> out = new ArrayList<>();
        for (byte[] key : staticKeys.renewAll()) {
            RevocationRecord r = RevocationRecord.create(identity, key, "encryption-key", "test", java.time.Instant.now());
            out.add(r.fingerprintHex());
            network.publishRevocation(r.encoded());
        }
        return out;
    }

    /** Revokes this node's identity key and hands the record to every node. */
    public String revokeIdentity() {
        RevocationRecord r = RevocationRecord.create(identity, identity.publicKeyProtobuf(), RevocationRecord.KIND_IDENTITY,
                "test", java.time.Instant.now());
        network.publishRevocation(r.encoded());
        return r.fingerprintHex();
    }

    /** A record as it arrives from pubsub; false when refused. */
    public boolean receiveRevocation(byte[] record) {
        try {
            revocations.add(record);
            return true;
        } catch (CryptoException e) {
            log.add("INFO refused revocation: " + e.getMessage());
            return false;
        }
    }

    public int revocationCount() {
        return revocations.records().size();
    }

    /** Everything the engine logged, as "LEVEL message" lines. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public boolean logged(String fragment) {
        return log().stream().anyMatch(l -> l.contains(fragment));
    }

    CryptoRequests requests() {
        return requests;
    }

    CryptoEngine engine() {
        return engine;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            engine.shutdown();
            scheduler.shutdownNow();
        }
    }
}
