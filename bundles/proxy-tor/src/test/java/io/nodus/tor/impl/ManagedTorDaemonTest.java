package io.nodus.tor.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.tor.impl.control.ControlAuthenticator;
import io.nodus.tor.impl.control.TorControlConnection;

/**
 * The real tor binary in managed mode, with {@code DisableNetwork 1} so it never contacts any network: start,
 * cookie authentication, ownership (tor exits when our control connection closes), and an onion service whose
 * address survives a restart because its key is kept. Skipped when tor is not installed.
 */
class ManagedTorDaemonTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void startsAuthenticatesKeepsTheOnionAddressAndDiesWithItsController(@TempDir Path data) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/tor")) || Files.isExecutable(Path.of("/usr/bin/tor")),
                "tor is not installed");
        Path fragment = data.resolve("offline.torrc");
        Files.writeString(fragment, "DisableNetwork 1\n");
        TorSettings s = TorSettings.from(Map.of("mode", "managed", "torrcFragment", fragment.toString()), k -> null);
        Path dir = data.resolve("tor");
        String first;
        try (ManagedTor tor = new ManagedTor(dir)) {
            first = publishOnce(tor, s, dir);
            assertTrue(Files.readString(tor.torrc()).contains("DisableNetwork 1"));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(OnionServicePublisher.KEY_FILE))));
            awaitStopped(tor); // closing the owning control connection ended tor
        }
        try (ManagedTor tor = new ManagedTor(dir)) {
            assertEquals(first, publishOnce(tor, s, dir));
        }
    }

    private static String publishOnce(ManagedTor tor, TorSettings s, Path dir) throws IOException {
        InetSocketAddress control = tor.start(s);
        assertTrue(tor.isRunning());
        OnionServicePublisher onion = new OnionServicePublisher(dir, null);
        try (TorControlConnection c = TorControlConnection.open(control, Duration.ofSeconds(5), r -> { }, () -> { })) {
            ControlAuthenticator.authenticate(c, "", tor.cookieFile().toString());
            c.call("TAKEOWNERSHIP");
            String id = onion.publish(c, 4001, "127.0.0.1:1").serviceId();
            assertEquals(56, id.length());
            assertEquals("/onion3/" + id + ":4001", onion.current().orElseThrow().address().toString());
            return id;
        }
    }

    private static void awaitStopped(ManagedTor tor) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (tor.isRunning() && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertFalse(tor.isRunning(), "tor still running after its controller left");
    }
}
