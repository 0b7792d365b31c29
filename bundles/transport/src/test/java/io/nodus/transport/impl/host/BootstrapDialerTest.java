package io.nodus.transport.impl.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Multiaddr;
import io.nodus.transport.host.HostFixture;
import io.nodus.testkit.TestIdentity;

/** Bootstrap targets with and without {@code /p2p/<id>}, and our own address among them. */
class BootstrapDialerTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Multiaddr PLAIN = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");

    private final PeerId self = new TestIdentity().peerId();
    private final PeerId remote = new TestIdentity().peerId();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<Multiaddr> dialed = new CopyOnWriteArrayList<>();
    private final Set<PeerId> connected = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void anAddressWithoutPeerIdIsDialedAndItsPeerLearnt() {
        BootstrapDialer bootstrap = dialer(address -> {
            connected.add(remote);
            return remote;
        });

        bootstrap.setTargets(List.of(PLAIN));

        awaitIdle(1);
        assertEquals(List.of(PLAIN), dialed);
        assertTrue(bootstrap.isBootstrap(remote), "the peer learnt from the handshake is a bootstrap peer");
        assertTrue(timer.getQueue().isEmpty(), "connected: no redial pending");

        connected.remove(remote);
        bootstrap.disconnected(new TestIdentity().peerId());
        assertTrue(timer.getQueue().isEmpty(), "another peer's disconnect does not redial");
        bootstrap.disconnected(remote);
        assertEquals(1, timer.getQueue().size(), "the learnt peer's disconnect schedules a redial");
    }

    @Test
    void aFailedDialIsRetriedWithBackoff() {
        BootstrapDialer bootstrap = dialer(address -> {
            throw new IOException("connection refused");
        });

        bootstrap.setTargets(List.of(PLAIN));

        awaitIdle(1);
        assertEquals(1, timer.getQueue().size(), "a retry is scheduled");
        assertFalse(bootstrap.isBootstrap(remote));
    }

    @Test
    void ourOwnAddressIsDroppedAfterTheFirstDial() {
        BootstrapDialer bootstrap = dialer(address -> {
            throw new IOException("dial " + address + ": refused", new SelfConnectionException(self));
        });

        bootstrap.setTargets(List.of(PLAIN, Multiaddr.parse("/ip4/127.0.0.1/tcp/4002/p2p/" + self)));

        awaitIdle(1);
        assertEquals(List.of(PLAIN), dialed, "an address with our own /p2p/ id is never dialed");
        assertTrue(timer.getQueue().isEmpty(), "our own address is not redialed");
        bootstrap.setTargets(List.of(PLAIN));
        assertTrue(timer.getQueue().isEmpty(), "nor dialed again when the same list is applied again");
    }

    private BootstrapDialer dialer(BootstrapDialer.Dial dial) {
        return new BootstrapDialer(timer, Runnable::run, address -> {
            dialed.add(address);
            return dial.dial(address);
        }, connected::contains, self);
    }

    /** Waits until {@code tasks} timer tasks (the dials, run inline) have completed. */
    private void awaitIdle(int tasks) {
        HostFixture.await(() -> timer.getCompletedTaskCount() >= tasks, LIMIT, "the dial");
    }
}
