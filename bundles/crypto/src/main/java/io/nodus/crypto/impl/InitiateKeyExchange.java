package io.nodus.crypto.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;

/**
 * Body of INITIATE: the initiator's offer, strongest first, each mode with the initiator's contribution for it
 * (so the responder can complete in one round trip whatever it chooses).
 */
record InitiateKeyExchange(List<Offer> offers) {

    /** One offered mode and the initiator's contribution to it. */
    record Offer(String mode, byte[] contribution) {
    }

    static final int MAX_OFFERS = 16;
    static final int MAX_MODE_ID = 32;
    static final int MAX_CONTRIBUTION = 8 * 1024;

    InitiateKeyExchange {
        offers = List.copyOf(offers);
    }

    List<String> modeIds() {
        return offers.stream().map(Offer::mode).toList();
    }

    byte[] contribution(String mode) {
        return offers.stream().filter(o -> o.mode().equals(mode)).findFirst().map(Offer::contribution).orElse(null);
    }

    byte[] encode() {
        FieldWriter w = new FieldWriter();
        w.u8(offers.size());
        for (Offer o : offers) {
            w.string(o.mode()).bytes(o.contribution());
        }
        return w.toByteArray();
    }

    static InitiateKeyExchange decode(byte[] body) throws CryptoException {
        FieldReader r = new FieldReader(body);
        int n = r.u8("offer count");
        if (n < 1 || n > MAX_OFFERS) {
            throw new CryptoException(Reason.MALFORMED, "InitiateKeyExchange offers " + n + " modes (1.." + MAX_OFFERS + ")");
        }
        List<Offer> offers = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String mode = r.string(MAX_MODE_ID, "offered mode");
            if (!seen.add(mode)) {
                throw new CryptoException(Reason.MALFORMED, "InitiateKeyExchange offers mode '" + mode + "' twice");
            }
            offers.add(new Offer(mode, r.bytes(MAX_CONTRIBUTION, "contribution")));
        }
        r.requireEnd("InitiateKeyExchange");
        return new InitiateKeyExchange(offers);
    }
}
