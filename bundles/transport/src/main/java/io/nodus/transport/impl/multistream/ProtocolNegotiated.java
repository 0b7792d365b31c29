package io.nodus.transport.impl.multistream;

/**
 * User event fired down the pipeline by {@link MultistreamNegotiator} when both sides agreed on
 * {@code protocol}. The negotiator removes itself right after the event; bytes that followed the agreement go
 * to the next handler, so a handler reacting to this event must install the protocol's handler synchronously.
 *
 * @param protocol the agreed protocol id, e.g. {@code /noise} or {@code /yamux/1.0.0}
 */
public record ProtocolNegotiated(String protocol) {
}
