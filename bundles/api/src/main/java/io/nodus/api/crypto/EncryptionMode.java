package io.nodus.api.crypto;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a mode provider registers a service of this type with the properties {@value #MODE} (its id) and
 * {@value #STRENGTH}; the encryption service offers it in negotiation from then on, and stops (re-negotiating or
 * closing the sessions that used it) when the service goes away.
 * <p>
 * A key exchange runs the same way on both sides: {@link #startExchange} gives this node's contribution, which the
 * encryption service sends inside its signed exchange message; the peer's contribution and the transcript hash of
 * both signed messages then {@linkplain ModeExchange#complete complete} it into a {@link ModeSession}.
 */
@ConsumerType
public interface EncryptionMode {

    /** Service property: the mode id ({@code none}, {@code symmetric}, {@code asymmetric}, ...). */
    String MODE = "nodus.crypto.mode";
    /** Service property (Integer): rank in negotiation; the strongest mode both peers allow wins. */
    String STRENGTH = "nodus.crypto.strength";

    String id();

    int strength();

    /** One line for people: primitives and properties. */
    String description();

    /** Begins a key exchange for one session with {@code context}'s peer. */
    ModeExchange startExchange(ExchangeContext context) throws CryptoException;

    /**
     * Takes over a session that an earlier instance of this provider (same id, e.g. before a bundle update) handed
     * over with {@link ModeSession#handover()}.
     *
     * @throws CryptoException when the state is not one this provider can take over; the session is then negotiated
     *         again
     */
    ModeSession resume(ExchangeContext context, byte[] handover) throws CryptoException;
}
