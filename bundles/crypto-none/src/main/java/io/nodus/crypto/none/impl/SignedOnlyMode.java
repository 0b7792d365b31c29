package io.nodus.crypto.none.impl;

import org.osgi.service.component.annotations.Component;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;

/**
 * Mode {@code none}: payloads travel in the clear, signed by the sender's identity key (Ed25519) and accepted once.
 * The weakest mode: negotiation picks it only when both peers' policies allow it.
 */
@Component(property = {EncryptionMode.MODE + "=" + SignedOnlyMode.ID, EncryptionMode.STRENGTH + ":Integer=0"})
public final class SignedOnlyMode implements EncryptionMode {

    static final String ID = "none";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int strength() {
        return 0;
    }

    @Override
    public String description() {
        return "no encryption: payload signed by the sender identity (Ed25519), replay-checked";
    }

    @Override
    public ModeExchange startExchange(ExchangeContext context) {
        return new ModeExchange() {
            @Override
            public byte[] localContribution() {
                return new byte[0];
            }

            @Override
            public ModeSession complete(byte[] remoteContribution, byte[] transcriptHash) throws CryptoException {
                if (remoteContribution.length != 0) {
                    throw new CryptoException(Reason.MALFORMED, "mode none takes no contribution");
                }
                return new SignedOnlySession(context, transcriptHash, 0, new io.nodus.crypto.spi.ReplayWindow());
            }

            @Override
            public void abandon() {
                // nothing secret to erase
            }
        };
    }

    @Override
    public ModeSession resume(ExchangeContext context, byte[] handover) throws CryptoException {
        return SignedOnlySession.resume(context, handover);
    }
}
