package io.nodus.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

import io.nodus.api.identity.PeerId;

/** Whiteboard: services of this type hear about peers connecting and disconnecting. */
@ConsumerType
public interface ConnectionListener {

    void connected(PeerConnection connection);

    void disconnected(PeerId peer);
}
