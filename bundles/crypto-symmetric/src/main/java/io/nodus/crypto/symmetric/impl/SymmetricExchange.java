package io.nodus.crypto.symmetric.impl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.Hkdf;
import io.nodus.crypto.spi.X25519;

/**
 * One side of the symmetric exchange: contributes a fresh X25519 public key; completes with the peer's, deriving one
 * chain key per direction with HKDF-SHA256 (salt: the transcript hash, so the keys are bound to both signed
 * messages). The ephemeral private key is erased as soon as the shared secret is computed.
 */
final class SymmetricExchange implements ModeExchange {

    static final byte[] INITIATOR_TO_RESPONDER = label("nodus symmetric v1 chain i2r");
    static final byte[] RESPONDER_TO_INITIATOR = label("nodus symmetric v1 chain r2i");

    private final ExchangeContext context;
    private final X25519.KeyPair ephemeral;

    SymmetricExchange(ExchangeContext context, SecureRandom random) {
        this.context = context;
        this.ephemeral = X25519.generate(random);
    }

    @Override
    public byte[] localContribution() {
        return ephemeral.publicKey();
    }

    @Override
    public ModeSession complete(byte[] remoteContribution, byte[] transcriptHash) throws CryptoException {
        if (remoteContribution == null || remoteContribution.length != X25519.KEY_BYTES) {
            abandon();
            throw new CryptoException(Reason.MALFORMED, "symmetric contribution must be a 32-byte X25519 key");
        }
        byte[] shared = null;
        try {
            shared = ephemeral.agree(remoteContribution);
            byte[] i2r = Hkdf.derive(transcriptHash, shared, INITIATOR_TO_RESPONDER, Hkdf.HASH_BYTES);
            byte[] r2i = Hkdf.derive(transcriptHash, shared, RESPONDER_TO_INITIATOR, Hkdf.HASH_BYTES);
            boolean initiator = context.initiator();
            return SymmetricSession.start(context, initiator ? i2r : r2i, initiator ? r2i : i2r);
        } finally {
            if (shared != null) {
                Arrays.fill(shared, (byte) 0);
            }
            abandon();
        }
    }

    @Override
    public void abandon() {
        ephemeral.destroy();
    }

    private static byte[] label(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
