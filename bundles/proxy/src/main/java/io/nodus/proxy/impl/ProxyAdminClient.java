package io.nodus.proxy.impl;

import java.io.IOException;

import io.nodus.api.identity.PeerId;
import io.nodus.api.transport.Host;
import io.nodus.api.transport.P2PStream;

/** The asking side of {@value AdminMessage#PROTOCOL}: one request, one response, on a new stream. */
final class ProxyAdminClient {

    private ProxyAdminClient() {
    }

    /**
     * @return the response's fields when {@code status=ok}
     * @throws IOException when the stream fails or the remote answers {@code status=error} (its message)
     */
    static AdminMessage call(Host host, PeerId peer, AdminMessage request) throws IOException {
        try (P2PStream s = host.newStream(peer, AdminMessage.PROTOCOL)) {
            request.write(s.output());
            s.closeWrite();
            AdminMessage response = AdminMessage.read(s.input());
            if (!AdminMessage.OK.equals(response.get(AdminMessage.STATUS))) {
                throw new IOException(peer + " answered: " + response.get(AdminMessage.ERROR));
            }
            return response;
        }
    }
}
