package io.nodus.crypto.impl;

import java.util.List;
import java.util.Optional;

/**
 * The negotiation rule both peers apply to the two signed offers: the first mode of the initiator's offer (which is
 * strongest first) that the responder offers too. Because it depends only on signed data, the initiator recomputes
 * it and treats any other choice as a downgrade.
 */
final class ModeChoice {

    private ModeChoice() {
    }

    static Optional<String> choose(List<String> initiatorOffer, List<String> responderOffer) {
        return initiatorOffer.stream().filter(responderOffer::contains).findFirst();
    }
}
