package io.nodus.api.transport;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register a service of this type with the property {@value #PROTOCOL} (one protocol id
 * or several) and the host serves inbound streams for it; unregistering it (e.g. uninstalling its
 * bundle) removes the protocol live.
 */
@ConsumerType
public interface ProtocolHandler {

    /** Service property naming the protocol id(s) served, e.g. {@code /nodus/chat/1.0.0}. */
    String PROTOCOL = "nodus.protocol";

    /**
     * Serves one inbound stream. Called on a worker thread, never on the network event loop; the host
     * closes the stream when this returns or throws.
     */
    void handle(P2PStream stream) throws IOException;
}
