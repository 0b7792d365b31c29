package io.nodus.crypto.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * A signed statement that a key must no longer be used:
 * {@code version(1) owner(bytes) ownerKey(bytes) revokedFingerprint(32) kind(string) revokedAt(8) reason(string)
 * signature(bytes)}. Only a key's owner can revoke it: the record is signed by the owner's identity key, which must
 * match the owner's peer ID. Revoking the identity key itself is done with that key (its holder, compromised or
 * not, is the only one who can).
 */
record RevocationRecord(PeerId owner, byte[] ownerKey, byte[] revokedFingerprint, String kind, Instant revokedAt,
        String reason, byte[] encoded, int signedLength) {

    static final int VERSION = 1;
    static final int MAX_RECORD = 4096;
    static final String KIND_IDENTITY = "identity";
    private static final byte[] DOMAIN = "nodus/crypto/1.0.0 revocation\0".getBytes(StandardCharsets.US_ASCII);

    static RevocationRecord create(NodeIdentity identity, byte[] revokedKey, String kind, String reason, Instant at) {
        FieldWriter w = new FieldWriter(512);
        w.u8(VERSION).bytes(identity.peerId().toBytes()).bytes(identity.publicKeyProtobuf())
                .raw(Sha256.hash(revokedKey)).string(kind).u64(at.toEpochMilli()).string(reason);
        byte[] signed = w.toByteArray();
        byte[] signature = identity.sign(concat(DOMAIN, signed));
        byte[] encoded = new FieldWriter(signed.length + 80).raw(signed).bytes(signature).toByteArray();
        try {
            return decode(encoded);
        } catch (CryptoException e) {
            throw new IllegalStateException("cannot read back our own revocation record", e);
        }
    }

    static RevocationRecord decode(byte[] encoded) throws CryptoException {
        if (encoded.length > MAX_RECORD) {
            throw new CryptoException(Reason.MALFORMED, "revocation record of " + encoded.length + " bytes is too large");
        }
        FieldReader r = new FieldReader(encoded);
        if (r.u8("version") != VERSION) {
            throw new CryptoException(Reason.MALFORMED, "unknown revocation record version");
        }
        PeerId owner;
        try {
            owner = PeerId.fromBytes(r.bytes(CryptoMessage.MAX_PEER_ID, "owner"));
        } catch (IllegalArgumentException e) {
            throw new CryptoException(Reason.MALFORMED, "revocation owner is not a peer ID: " + e.getMessage());
        }
        byte[] ownerKey = r.bytes(CryptoMessage.MAX_KEY, "owner key");
        byte[] fingerprint = r.raw(Sha256.BYTES, "revoked key fingerprint");
        String kind = r.string(64, "kind");
        Instant at = Instant.ofEpochMilli(r.u64("revoked at"));
        String reason = r.string(256, "reason");
        int signedLength = r.position();
        r.bytes(CryptoMessage.MAX_SIGNATURE, "signature");
        r.requireEnd("revocation record");
        return new RevocationRecord(owner, ownerKey, fingerprint, kind, at, reason, encoded, signedLength);
    }

    /** Checks that the owner's key matches the owner's peer ID and signed this record. */
    void verify(io.nodus.api.identity.NodeIdentity verifierFallback) throws CryptoException {
        RemoteIdentity signer = RemoteIdentity.pin(owner, ownerKey, verifierFallback);
        FieldReader r = new FieldReader(encoded, signedLength, encoded.length - signedLength);
        byte[] signature = r.bytes(CryptoMessage.MAX_SIGNATURE, "signature");
        if (!signer.verify(concat(DOMAIN, Arrays.copyOf(encoded, signedLength)), signature)) {
            throw new CryptoException(Reason.BAD_SIGNATURE, "revocation record for " + fingerprintHex()
                    + " is not signed by its owner " + owner);
        }
        if (KIND_IDENTITY.equals(kind) && !Arrays.equals(revokedFingerprint, Sha256.hash(ownerKey))) {
            throw new CryptoException(Reason.MALFORMED, "identity revocation names a key other than the signer's");
        }
    }

    String fingerprintHex() {
        return HexFormat.of().formatHex(revokedFingerprint);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
