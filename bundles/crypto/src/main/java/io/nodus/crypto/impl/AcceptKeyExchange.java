package io.nodus.crypto.impl;

import java.util.ArrayList;
import java.util.List;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * Body of ACCEPT: the hash of the INITIATE it answers, the responder's own offer, the mode it chose and its
 * contribution. Both offers are signed, so each side can recompute the choice and detect a downgrade.
 */
record AcceptKeyExchange(byte[] initiateHash, List<String> responderOffer, String chosen, byte[] contribution) {

    AcceptKeyExchange {
        responderOffer = List.copyOf(responderOffer);
    }

    byte[] encode() {
        FieldWriter w = new FieldWriter();
        w.raw(initiateHash).u8(responderOffer.size());
        for (String m : responderOffer) {
            w.string(m);
        }
        return w.string(chosen).bytes(contribution).toByteArray();
    }

    static AcceptKeyExchange decode(byte[] body) throws CryptoException {
        FieldReader r = new FieldReader(body);
        byte[] hash = r.raw(Sha256.BYTES, "initiate hash");
        int n = r.u8("offer count");
        if (n > InitiateKeyExchange.MAX_OFFERS) {
            throw new CryptoException(Reason.MALFORMED, "AcceptKeyExchange offers " + n + " modes");
        }
        List<String> offer = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            offer.add(r.string(InitiateKeyExchange.MAX_MODE_ID, "offered mode"));
        }
        String chosen = r.string(InitiateKeyExchange.MAX_MODE_ID, "chosen mode");
        byte[] contribution = r.bytes(InitiateKeyExchange.MAX_CONTRIBUTION, "contribution");
        r.requireEnd("AcceptKeyExchange");
        return new AcceptKeyExchange(hash, offer, chosen, contribution);
    }
}
