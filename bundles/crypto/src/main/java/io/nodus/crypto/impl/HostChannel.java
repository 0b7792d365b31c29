package io.nodus.crypto.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.nodus.api.crypto.EncryptionService;
import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;

/** Requests over the libp2p host: one {@code /nodus/crypto/1.0.0} stream per request, reset at the deadline. */
final class HostChannel implements PeerChannel {

    private final Host host;
    private final ScheduledExecutorService scheduler;

    HostChannel(Host host, ScheduledExecutorService scheduler) {
        this.host = host;
        this.scheduler = scheduler;
    }

    @Override
    public byte[] request(PeerId peer, byte[] request, Duration timeout) throws IOException {
        P2PStream stream = host.newStream(peer, EncryptionService.PROTOCOL);
        ScheduledFuture<?> deadline = scheduler.schedule(stream::reset, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Frames.write(stream.output(), request);
            stream.closeWrite();
            return Frames.read(stream.input());
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new IOException("no answer from " + peer + " within " + timeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
            stream.close();
        }
    }
}
