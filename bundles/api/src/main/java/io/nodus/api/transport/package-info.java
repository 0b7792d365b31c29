/**
 * libp2p host: dialing, listening, streams, and the protocol-handler whiteboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.nodus.api.transport;
