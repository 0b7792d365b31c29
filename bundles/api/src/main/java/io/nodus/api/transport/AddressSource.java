package io.nodus.api.transport;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: further addresses the host announces as its own (identify {@code listenAddrs}, {@link Host#listenAddrs()})
 * though it does not bind them itself, e.g. the {@code /onion3/...} address of an onion service that forwards to one
 * of the host's listeners. The list is read each time addresses are announced; a source whose addresses change
 * registers anew (or updates its service properties) so the host pushes the change to connected peers.
 */
@ConsumerType
public interface AddressSource {

    List<Multiaddr> addresses();
}
