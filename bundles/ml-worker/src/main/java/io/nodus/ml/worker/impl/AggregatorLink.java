package io.nodus.ml.worker.impl;

import java.io.IOException;
import java.util.function.Supplier;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;
import io.nodus.ml.core.wire.MlFraming;
import io.nodus.ml.core.wire.MlMessage;
import io.nodus.ml.core.wire.MlProtocol;

/** Request/reply calls to the aggregator, one stream per call. */
final class AggregatorLink {

    private final Supplier<Host> host;
    private final PeerId aggregator;

    AggregatorLink(Supplier<Host> host, PeerId aggregator) {
        this.host = host;
        this.aggregator = aggregator;
    }

    PeerId peer() {
        return aggregator;
    }

    MlMessage call(MlMessage request) throws IOException {
        Host h = host.get();
        if (h == null) {
            throw new IOException("no transport host");
        }
        P2PStream s = h.newStream(aggregator, MlProtocol.ID);
        try {
            MlFraming.write(s.output(), request);
            s.closeWrite();
            return MlFraming.read(s.input());
        } catch (IOException | RuntimeException e) {
            s.reset();
            throw e;
        } finally {
            s.close();
        }
    }
}
