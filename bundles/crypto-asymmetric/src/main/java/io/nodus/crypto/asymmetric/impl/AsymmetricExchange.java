package io.nodus.crypto.asymmetric.impl;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;

/**
 * One side of an {@code asymmetric} exchange: both sides offer their static public keys; the session uses HPKE
 * when both have X25519 keys, else RSA when both have RSA keys. Both sides apply the same rule to the same signed
 * offers, so they agree on the variant.
 */
final class AsymmetricExchange implements ModeExchange {

    private final ExchangeContext context;
    private final LocalKeys local;

    AsymmetricExchange(ExchangeContext context, LocalKeys local) {
        this.context = context;
        this.local = local;
    }

    @Override
    public byte[] localContribution() {
        return PeerKeys.of(local).encode();
    }

    @Override
    public ModeSession complete(byte[] remoteContribution, byte[] transcriptHash) throws CryptoException {
        try {
            PeerKeys peer = PeerKeys.decode(remoteContribution);
            if (peer.hasX25519()) {
                context.requireNotRevoked(peer.x25519());
            }
            if (peer.hasRsa()) {
                context.requireNotRevoked(peer.oaep().der());
                context.requireNotRevoked(peer.pss().der());
            }
            PeerKeys mine = PeerKeys.of(local);
            Variant variant;
            if (mine.hasX25519() && peer.hasX25519()) {
                variant = Variant.HPKE;
            } else if (mine.hasRsa() && peer.hasRsa()) {
                variant = Variant.RSA;
            } else {
                throw new CryptoException(Reason.NO_COMMON_MODE, "no key type in common with " + context.remotePeer()
                        + " (X25519: " + mine.hasX25519() + "/" + peer.hasX25519() + ", RSA: " + mine.hasRsa() + "/"
                        + peer.hasRsa() + ")");
            }
            return new AsymmetricSession(context, transcriptHash, variant, local, peer, 0,
                    new io.nodus.crypto.spi.ReplayWindow());
        } catch (CryptoException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    @Override
    public void abandon() {
        local.erase();
    }
}
