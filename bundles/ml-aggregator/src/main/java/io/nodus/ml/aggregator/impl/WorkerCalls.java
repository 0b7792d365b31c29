package io.nodus.ml.aggregator.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.api.transport.PeerConnection;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlOperation;
import io.nodus.ml.core.wire.MlProtocol;

/** Calls from the aggregator to workers: one stream per request, with a deadline. */
final class WorkerCalls {

    static final long PROBE_TIMEOUT_MILLIS = 5_000;
    static final long CALL_TIMEOUT_MILLIS = 120_000;

    private final Supplier<Host> host;
    private final ExecutorService pool;
    private final Traffic traffic;

    WorkerCalls(Supplier<Host> host, ExecutorService pool, Traffic traffic) {
        this.host = host;
        this.pool = pool;
        this.traffic = traffic;
    }

    MlMessage call(PeerId peer, MlMessage request, long timeoutMillis) throws IOException {
        P2PStream s = host().newStream(peer, MlProtocol.ID);
        Future<MlMessage> f = pool.submit(() -> {
            MlFraming.write(s.output(), request);
            traffic.sent.addAndGet(request.wireSize());
            s.closeWrite();
            MlMessage reply = MlFraming.read(s.input());
            traffic.received.addAndGet(reply.wireSize());
            return reply;
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s.reset();
            throw new IOException("no reply from " + peer + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            s.reset();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            s.reset();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            s.close();
        }
    }

    /** A worker, a relay with the workers it reaches, or null for neither. */
    private Participant probe(PeerId peer) {
        try {
            MlMessage r = call(peer, MlMessage.of(MlOperation.GET_STATUS, Map.of()), PROBE_TIMEOUT_MILLIS);
            if (!r.isOk()) {
                return null;
            }
            String role = r.header(MlProtocol.ROLE, "");
            if (MlProtocol.ROLE_WORKER.equals(role)) {
                return new Participant(peer, 1, false);
            }
            int workers = Integer.parseInt(r.header(WORKERS, "0"));
            return MlProtocol.ROLE_AGGREGATOR.equals(role) && "true".equals(r.header(RELAY, "")) && workers > 0
                    ? new Participant(peer, workers, true) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Host host() throws IllegalStateException {
        Host h = host.get();
        if (h == null) {
            throw new IllegalStateException("no transport host");
        }
        return h;
    }

    /** A peer that can take part in a run: a worker (weight 1) or a relay aggregator with its workers. */
    record Participant(PeerId peer, int weight, boolean relay) {
    }

    static final String RELAY = "relay";
    static final String WORKERS = "workers";

    /** Connected peers that answer GET_STATUS as workers, sorted by peer ID. */
    List<PeerId> connectedWorkers() {
        return participants().stream().filter(p -> !p.relay()).map(Participant::peer).toList();
    }

    /** Connected workers (weight 1) and relay aggregators (weight: the workers they reach). */
    List<Participant> participants() {
        TreeSet<String> peers = new TreeSet<>();
        for (PeerConnection c : host().connections()) {
            peers.add(c.peer().toString());
        }
        List<Future<Participant>> probes = new ArrayList<>();
        for (String p : peers) {
            PeerId peer = PeerId.parse(p);
            probes.add(pool.submit(() -> probe(peer)));
        }
        List<Participant> out = new ArrayList<>();
        for (Future<Participant> f : probes) {
            try {
                Participant p = f.get();
                if (p != null) {
                    out.add(p);
                }
            } catch (ExecutionException e) {
                // a probe that failed is not a worker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }
}
