package io.nodus.crypto.impl;

/** The message types of {@code /nodus/crypto/1.0.0}; every message is a signed {@link CryptoMessage}. */
enum MessageType {
    /** InitiateKeyExchange: the initiator's mode offer with a contribution per offered mode. */
    INITIATE(1),
    /** AcceptKeyExchange: the responder's offer, the chosen mode and its contribution, bound to the initiate. */
    ACCEPT(2),
    /** GetEncryptionConfig (admins only). */
    GET_CONFIG(3),
    /** SetEncryptionConfig (admins only). */
    SET_CONFIG(4),
    /** The configuration in force, answering GET_CONFIG or SET_CONFIG. */
    CONFIG(5),
    /** A refusal with a reason, answering any request. */
    ERROR(6),
    /** A sealed payload the responder opens and seals back (crypto:ping). */
    ECHO(7),
    /** The answer to ECHO. */
    ECHO_REPLY(8);

    final int code;

    MessageType(int code) {
        this.code = code;
    }

    static MessageType of(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
