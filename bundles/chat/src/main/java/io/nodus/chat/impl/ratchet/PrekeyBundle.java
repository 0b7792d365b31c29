package io.nodus.chat.impl.ratchet;

/**
 * Bob's prekey bundle (X3DH section 3.2): identity key IK_B, signed prekey SPK_B with its id and the Ed25519
 * signature over both, and one one-time prekey OPK_B with its id (id 0 and null key when none was issued).
 */
public record PrekeyBundle(byte[] identityKey, int signedPrekeyId, byte[] signedPrekey, byte[] signature,
        int oneTimeId, byte[] oneTimePrekey) {
}
