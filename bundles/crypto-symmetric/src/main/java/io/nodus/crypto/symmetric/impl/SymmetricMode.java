package io.nodus.crypto.symmetric.impl;

import java.security.SecureRandom;

import org.osgi.service.component.annotations.Component;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;

/**
 * Mode {@code symmetric}: an X25519 exchange of ephemeral keys (carried in the encryption service's signed,
 * transcript-bound messages), HKDF-SHA256 session keys per direction, AES-256-GCM with counter nonces, and key
 * rotation by message count, bytes and age. Ranked strongest: ephemeral keys give forward secrecy, and rotated keys
 * are erased.
 */
@Component(property = {EncryptionMode.MODE + "=" + SymmetricMode.ID, EncryptionMode.STRENGTH + ":Integer=30"})
public final class SymmetricMode implements EncryptionMode {

    static final String ID = "symmetric";

    private final SecureRandom random = new SecureRandom();
    private final ConsumedHandovers consumed = new ConsumedHandovers();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int strength() {
        return 30;
    }

    @Override
    public String description() {
        return "X25519 (signed, transcript-bound) + HKDF-SHA256, AES-256-GCM, counter nonces, key rotation";
    }

    @Override
    public ModeExchange startExchange(ExchangeContext context) {
        return new SymmetricExchange(context, random);
    }

    @Override
    public ModeSession resume(ExchangeContext context, byte[] handover) throws CryptoException {
        return SymmetricSession.resume(context, handover, consumed);
    }
}
