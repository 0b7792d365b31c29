package io.nodus.tor.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.proxy.ProxyStatus;
import io.nodus.api.transport.Multiaddr;
import io.nodus.tor.impl.control.FakeControlPort;

/** The supervisor against a scripted control port: up, onion published, tor gone (DOWN), tor back (UP again). */
class TorSupervisorTest {

    static final Duration DEADLINE = Duration.ofSeconds(15);
    static final String ID = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd";

    @Test
    void reportsTheStateOfTorAndRepublishesTheOnionServiceWhenTorComesBack(@TempDir Path dir) throws Exception {
        AtomicInteger bootstrap = new AtomicInteger(50);
        AtomicInteger adds = new AtomicInteger();
        try (FakeControlPort tor = new FakeControlPort(cmd -> {
            if (cmd.equals("PROTOCOLINFO 1")) {
                return "250-PROTOCOLINFO 1\n250-AUTH METHODS=HASHEDPASSWORD\n250-VERSION Tor=\"0.4.9.11\"\n250 OK";
            }
            if (cmd.startsWith("GETINFO status/bootstrap-phase")) {
                return "250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=" + bootstrap.get()
                        + " TAG=x SUMMARY=\"x\"\n250-status/circuit-established=1\n250 OK";
            }
            if (cmd.startsWith("ADD_ONION ")) {
                adds.incrementAndGet();
                return "250-ServiceID=" + ID + (cmd.contains("NEW:") ? "\n250-PrivateKey=ED25519-V3:a2V5" : "")
                        + "\n250 OK";
            }
            return "250 OK";
        })) {
            List<ProxyStatus> heard = new CopyOnWriteArrayList<>();
            Map<String, String> config = Map.of("control", "127.0.0.1:" + tor.address().getPort(),
                    "socks", "127.0.0.1:9050", "controlPassword", "pw", "statusCheckSeconds", "1");
            try (TorSupervisor s = new TorSupervisor(dir, null, (st, d) -> heard.add(ProxyStatus.of("tor", st, d)),
                    () -> List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4567")))) {
                s.configure(TorSettings.from(config, k -> null));
                await(() -> last(heard) == ProxyStatus.State.STARTING, "STARTING while bootstrapping");
                assertTrue(heard.get(heard.size() - 1).detail().contains("50%"), heard.toString());

                bootstrap.set(100);
                s.poke();
                await(() -> last(heard) == ProxyStatus.State.UP, "UP once bootstrapped");
                await(() -> s.onion().current().isPresent(), "onion published");
                assertEquals("/onion3/" + ID + ":4001", s.onion().current().get().address().toString());
                assertTrue(tor.received().contains("ADD_ONION NEW:ED25519-V3 Port=4001,127.0.0.1:4567"),
                        tor.received().toString());
                assertEquals("ED25519-V3:a2V5", Files.readString(dir.resolve(OnionServicePublisher.KEY_FILE)).trim());
                assertEquals("127.0.0.1:9050", TorSettings.text(s.socks().orElseThrow()));

                tor.down(true);
                tor.dropClient(); // tor went away
                await(() -> last(heard) == ProxyStatus.State.DOWN && s.onion().current().isEmpty(), "DOWN, no onion");
                tor.down(false);
                await(() -> last(heard) == ProxyStatus.State.UP && s.onion().current().isPresent(), "UP again");
                assertTrue(tor.received().contains("ADD_ONION ED25519-V3:a2V5 Flags=DiscardPK Port=4001,127.0.0.1:4567"),
                        "republished with the saved key: " + tor.received());
                assertEquals(2, adds.get());
            }
        }
    }

    @Test
    void unreachableControlPortIsDown(@TempDir Path dir) throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<ProxyStatus> heard = new CopyOnWriteArrayList<>();
        try (TorSupervisor s = new TorSupervisor(dir, null, (st, d) -> heard.add(ProxyStatus.of("tor", st, d)),
                List::of)) {
            s.configure(TorSettings.from(Map.of("control", "127.0.0.1:" + port), k -> null));
            await(() -> last(heard) == ProxyStatus.State.DOWN, "DOWN");
            assertTrue(heard.get(heard.size() - 1).detail().contains("cannot reach tor's control port 127.0.0.1:"
                    + port), heard.toString());
        }
    }

    private static ProxyStatus.State last(List<ProxyStatus> heard) {
        return heard.isEmpty() ? null : heard.get(heard.size() - 1).state();
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
