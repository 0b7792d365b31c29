package io.nodus.tor.impl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.nodus.api.transport.AddressSource;
import io.nodus.api.transport.Multiaddr;
import io.nodus.tor.impl.control.TorControlConnection;
import io.nodus.tor.impl.control.TorReply;

/**
 * The node's onion service: {@code ADD_ONION} (control-spec "ADD_ONION") with the key kept in
 * {@code <data>/tor/onion-service.key}, so the .onion address stays the same across restarts, forwarding the
 * virtual port to the libp2p listener. While published, its {@code /onion3/<address>:<port>} is an
 * {@link AddressSource} the host announces through identify. The service lives as long as our control connection.
 */
final class OnionServicePublisher {

    static final String KEY_FILE = "onion-service.key";
    static final String HOSTNAME_FILE = "onion-service.hostname";
    static final String NEW_KEY = "NEW:ED25519-V3";

    private static final System.Logger LOG = System.getLogger(OnionServicePublisher.class.getName());

    /**
     * One publication.
     *
     * @param uploadedAfter time from ADD_ONION to the first {@code HS_DESC UPLOADED} event, null until then
     */
    record Published(String serviceId, int virtualPort, String target, Multiaddr address, long addedAtNanos,
            Duration uploadedAfter) {

        Published uploaded(long nowNanos) {
            return uploadedAfter != null ? this : new Published(serviceId, virtualPort, target, address, addedAtNanos,
                    Duration.ofNanos(nowNanos - addedAtNanos));
        }
    }

    private final Path dir;
    private final BundleContext context;
    private volatile Published current;
    private ServiceRegistration<AddressSource> registration;

    /** @param context registers the {@link AddressSource}; null in tests */
    OnionServicePublisher(Path dir, BundleContext context) {
        this.dir = dir;
        this.context = context;
    }

    Optional<Published> current() {
        return Optional.ofNullable(current);
    }

    /** The address we had or will have (from the saved hostname), for display while not published. */
    Optional<String> savedHostname() {
        try {
            Path f = dir.resolve(HOSTNAME_FILE);
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Publishes (or keeps) the service forwarding {@code virtualPort} to {@code target} ({@code ip:port}). */
    synchronized Published publish(TorControlConnection control, int virtualPort, String target) throws IOException {
        Published p = current;
        if (p != null && p.virtualPort() == virtualPort && p.target().equals(target)) {
            return p;
        }
        if (p != null) {
            withdraw(control);
        }
        Path keyFile = dir.resolve(KEY_FILE);
        String key = Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8).trim() : null;
        long t0 = System.nanoTime();
        TorReply r = control.call("ADD_ONION " + (key == null ? NEW_KEY : key + " Flags=DiscardPK")
                + " Port=" + virtualPort + "," + target);
        Map<String, String> kv = r.keyValues();
        String id = kv.get("ServiceID");
        if (id == null) {
            throw new IOException("ADD_ONION answered without a ServiceID");
        }
        if (key == null) {
            String newKey = kv.get("PrivateKey");
            if (newKey == null) {
                throw new IOException("ADD_ONION NEW answered without a PrivateKey");
            }
            writePrivate(keyFile, newKey);
        }
        writePrivate(dir.resolve(HOSTNAME_FILE), id + ".onion");
        Multiaddr address = Multiaddr.parse("/onion3/" + id + ":" + virtualPort);
        Published next = new Published(id, virtualPort, target, address, t0, null);
        current = next;
        register(address);
        LOG.log(Level.INFO, "onion service {0}.onion:{1} -> {2}", id, virtualPort, target);
        return next;
    }

    /** Handles {@code HS_DESC} events: remembers when our descriptor was first uploaded. */
    void onEvent(TorReply event) {
        String line = event.firstLine();
        Published p = current;
        if (p != null && line.startsWith("HS_DESC UPLOADED " + p.serviceId() + " ")) {
            synchronized (this) {
                if (current == p && p.uploadedAfter() == null) {
                    current = p.uploaded(System.nanoTime());
                    LOG.log(Level.INFO, "onion descriptor of {0} uploaded {1} ms after ADD_ONION", p.serviceId(),
                            current.uploadedAfter().toMillis());
                }
            }
        }
    }

    /** Stops announcing the address and, when the control connection is still open, removes the service. */
    synchronized void withdraw(TorControlConnection control) {
        Published p = current;
        current = null;
        unregister();
        if (p != null && control != null && control.isOpen()) {
            try {
                control.call("DEL_ONION " + p.serviceId());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "DEL_ONION {0}: {1}", p.serviceId(), e.getMessage());
            }
        }
    }

    private void register(Multiaddr address) {
        unregister();
        if (context == null) {
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("nodus.address.kind", "onion3");
        List<Multiaddr> addrs = List.of(address);
        try {
            registration = context.registerService(AddressSource.class, () -> addrs, props);
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, "bundle stopping: onion address not announced");
        }
    }

    private void unregister() {
        ServiceRegistration<AddressSource> r = registration;
        registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                LOG.log(Level.DEBUG, "onion address registration already gone");
            }
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try { // created owner-only, so the key is never readable by others, not even for a moment
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
