package io.nodus.crypto.impl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Sha256;

/**
 * One signed message of {@code /nodus/crypto/1.0.0}:
 * {@code version(1) type(1) sender(bytes) senderKey(bytes) timestamp(8) nonce(16) body(bytes) signature(bytes)}.
 * The signature covers a domain label and every field before it, so no field (an offer list, a chosen mode, a
 * contribution) can be changed or stripped without detection.
 */
record CryptoMessage(MessageType type, PeerId sender, byte[] senderKey, long timestampMillis, byte[] nonce, byte[] body,
        byte[] signature, byte[] encoded, int signedLength) {

    static final int VERSION = 1;
    static final int NONCE_BYTES = 16;
    static final int MAX_PEER_ID = 64;
    /** An 8192-bit RSA key message is about 1.1 KB. */
    static final int MAX_KEY = 2048;
    static final int MAX_SIGNATURE = 1024;
    static final int MAX_BODY = 256 * 1024;
    static final int MAX_MESSAGE = MAX_BODY + 4096;
    private static final byte[] DOMAIN = "nodus/crypto/1.0.0 signed message\0".getBytes(StandardCharsets.US_ASCII);

    static byte[] sign(MessageType type, NodeIdentity identity, long timestampMillis, byte[] nonce, byte[] body) {
        FieldWriter w = new FieldWriter(body.length + 256);
        w.u8(VERSION).u8(type.code).bytes(identity.peerId().toBytes()).bytes(identity.publicKeyProtobuf())
                .u64(timestampMillis).raw(nonce).bytes(body);
        byte[] signed = w.toByteArray();
        byte[] signature = identity.sign(signingInput(signed, signed.length));
        return new FieldWriter(signed.length + signature.length + 4).raw(signed).bytes(signature).toByteArray();
    }

    /** Parses without verifying (see {@link MessageVerifier}). */
    static CryptoMessage decode(byte[] encoded) throws CryptoException {
        if (encoded.length > MAX_MESSAGE) {
            throw new CryptoException(Reason.MALFORMED, "crypto message of " + encoded.length + " bytes is too large");
        }
        FieldReader r = new FieldReader(encoded);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new CryptoException(Reason.MALFORMED, "crypto message version " + version + " (this node speaks "
                    + VERSION + ")");
        }
        int code = r.u8("type");
        MessageType type = MessageType.of(code);
        if (type == null) {
            throw new CryptoException(Reason.MALFORMED, "unknown crypto message type " + code);
        }
        PeerId sender;
        try {
            sender = PeerId.fromBytes(r.bytes(MAX_PEER_ID, "sender"));
        } catch (IllegalArgumentException e) {
            throw new CryptoException(Reason.MALFORMED, "sender is not a peer ID: " + e.getMessage());
        }
        byte[] key = r.bytes(MAX_KEY, "sender key");
        long ts = r.u64("timestamp");
        byte[] nonce = r.raw(NONCE_BYTES, "nonce");
        byte[] body = r.bytes(MAX_BODY, "body");
        int signedLength = r.position();
        byte[] signature = r.bytes(MAX_SIGNATURE, "signature");
        r.requireEnd("crypto message");
        return new CryptoMessage(type, sender, key, ts, nonce, body, signature, encoded, signedLength);
    }

    /** What the signature is over. */
    byte[] signingInput() {
        return signingInput(encoded, signedLength);
    }

    /** SHA-256 of the whole encoded message: how replies and the transcript refer to it. */
    byte[] hash() {
        return Sha256.hash(encoded);
    }

    private static byte[] signingInput(byte[] signed, int length) {
        byte[] in = Arrays.copyOf(DOMAIN, DOMAIN.length + length);
        System.arraycopy(signed, 0, in, DOMAIN.length, length);
        return in;
    }
}
