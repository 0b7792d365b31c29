package io.nodus.crypto.impl;

import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;

/**
 * A sealed payload as {@code EncryptionService.seal} returns it:
 * {@code format(1) mode(string) sessionId(16) recipient(bytes) body}. The header (everything before the body) is
 * authenticated by the mode together with the caller's associated data, so a payload cannot be moved to another
 * session, mode or recipient.
 */
record Envelope(String mode, byte[] sessionId, PeerId recipient, byte[] header, byte[] sealed, int bodyOffset) {

    static final int FORMAT = 1;
    static final int SESSION_ID_BYTES = 16;

    static byte[] header(String mode, byte[] sessionId, PeerId recipient) {
        return new FieldWriter(64).u8(FORMAT).string(mode).raw(sessionId).bytes(recipient.toBytes()).toByteArray();
    }

    static Envelope parse(byte[] sealed) throws CryptoException {
        FieldReader r = new FieldReader(sealed);
        int format = r.u8("envelope format");
        if (format != FORMAT) {
            throw new CryptoException(Reason.MALFORMED, "sealed payload format " + format + " (expected " + FORMAT + ")");
        }
        String mode = r.string(InitiateKeyExchange.MAX_MODE_ID, "mode");
        byte[] sessionId = r.raw(SESSION_ID_BYTES, "session id");
        PeerId recipient;
        try {
            recipient = PeerId.fromBytes(r.bytes(CryptoMessage.MAX_PEER_ID, "recipient"));
        } catch (IllegalArgumentException e) {
            throw new CryptoException(Reason.MALFORMED, "recipient is not a peer ID: " + e.getMessage());
        }
        int bodyOffset = r.position();
        return new Envelope(mode, sessionId, recipient, Arrays.copyOf(sealed, bodyOffset), sealed, bodyOffset);
    }

    byte[] body() {
        return Arrays.copyOfRange(sealed, bodyOffset, sealed.length);
    }

    /** What the mode authenticates: the header, then the caller's associated data, length-prefixed. */
    static byte[] modeAssociatedData(byte[] header, byte[] associatedData) {
        byte[] aad = associatedData == null ? new byte[0] : associatedData;
        return new FieldWriter(header.length + aad.length + 4).raw(header).bytes(aad).toByteArray();
    }
}
