package io.nodus.api.identity;

import io.nodus.api.codec.Base32;
import io.nodus.api.codec.ByteCursor;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A libp2p peer ID: the multihash of a protobuf-encoded public key (libp2p peer-ids spec). Keys whose
 * encoding is at most {@value #MAX_INLINE_KEY_LENGTH} bytes (Ed25519, secp256k1) are inlined with the identity
 * multihash; larger keys (RSA, ECDSA) use sha2-256.
 * <p>
 * Text: {@link #toString()} is base58btc ({@code 12D3KooW...}, {@code Qm...}); {@link #toCidString()} is the CIDv1
 * form (libp2p-key, base32, {@code bafz...}). {@link #parse} accepts both, and also a CIDv1 in base58btc
 * ({@code z...}) or base36 ({@code k...}) multibase. Instances are immutable and compare by their multihash bytes.
 */
public final class PeerId {

    /** Peer-ids spec "Peer Ids": keys whose encoding is at most this long use the identity multihash. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;

    private static final int IDENTITY = 0x00;     // multicodec "identity" (multihash)
    private static final int SHA2_256 = 0x12;     // multicodec "sha2-256" (multihash)
    private static final int SHA2_256_LENGTH = 32;
    private static final int CID_V1 = 0x01;
    private static final int LIBP2P_KEY = 0x72;   // multicodec "libp2p-key"
    private static final int KEY_TYPE_TAG = 0x08; // PublicKey field 1 (Type), wire type varint
    private static final int KEY_DATA_TAG = 0x12; // PublicKey field 2 (Data), wire type length-delimited
    /** Longest text we try to decode; real peer IDs are 46..~80 characters. */
    private static final int MAX_TEXT_LENGTH = 128;

    private final byte[] multihash;
    private final boolean identityHash;
    private final String base58;

    private PeerId(byte[] multihash, boolean identityHash) {
        this.multihash = multihash;
        this.identityHash = identityHash;
        this.base58 = BaseN.BASE58_BTC.encode(multihash);
    }

    /**
     * From the raw multihash bytes.
     *
     * @throws IllegalArgumentException when they are not an identity multihash of a key message (at most
     *         {@value #MAX_INLINE_KEY_LENGTH} bytes) or a 32-byte sha2-256 multihash
     */
    public static PeerId fromBytes(byte[] multihash) {
        Objects.requireNonNull(multihash, "multihash");
        byte[] copy = multihash.clone();
        ByteCursor in = new ByteCursor(copy);
        int code = in.readVarint("multihash code");
        int length = in.readVarint("multihash length");
        if (length != in.remaining()) {
            throw new IllegalArgumentException("multihash length field says " + length + " bytes but "
                    + in.remaining() + " follow");
        }
        if (code == SHA2_256) {
            if (length != SHA2_256_LENGTH) {
                throw new IllegalArgumentException("sha2-256 multihash digest must be 32 bytes, not " + length);
            }
            return new PeerId(copy, false);
        }
        if (code == IDENTITY) {
            if (length > MAX_INLINE_KEY_LENGTH) {
                throw new IllegalArgumentException("identity multihash inlines " + length + " bytes; peer IDs inline"
                        + " at most " + MAX_INLINE_KEY_LENGTH + " (larger keys are hashed with sha2-256)");
            }
            requireKeyMessageShape(in.readBytes(length, "identity multihash digest"));
            return new PeerId(copy, true);
        }
        throw new IllegalArgumentException("multihash code 0x" + Integer.toHexString(code)
                + " is neither identity (0x00) nor sha2-256 (0x12)");
    }

    /**
     * From the protobuf {@code PublicKey} message, as the spec derives it ("Peer Ids": identity multihash up to
     * {@value #MAX_INLINE_KEY_LENGTH} bytes, sha2-256 above). Only the message's framing is checked here.
     *
     * @throws IllegalArgumentException when the bytes are not framed as a {@code PublicKey} message
     */
    public static PeerId fromPublicKeyProtobuf(byte[] publicKeyProtobuf) {
        Objects.requireNonNull(publicKeyProtobuf, "publicKeyProtobuf");
        byte[] key = publicKeyProtobuf.clone();
        requireKeyMessageShape(key);
        ByteArrayOutputStream mh = new ByteArrayOutputStream(key.length + 2);
        if (key.length <= MAX_INLINE_KEY_LENGTH) {
            mh.write(IDENTITY);
            mh.writeBytes(ByteCursor.varint(key.length));
            mh.writeBytes(key);
            return new PeerId(mh.toByteArray(), true);
        }
        mh.write(SHA2_256);
        mh.write(SHA2_256_LENGTH);
        mh.writeBytes(sha256(key));
        return new PeerId(mh.toByteArray(), false);
    }

    /**
     * Parses a peer ID as the spec's "Decoding" section says: base58btc multihash when it starts with {@code 1} or
     * {@code Qm}; otherwise a CIDv1 with codec libp2p-key in multibase base32 ({@code b}), base58btc ({@code z}) or
     * base36 ({@code k}).
     *
     * @throws IllegalArgumentException saying why the text is not a peer ID
     */
    public static PeerId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty peer ID");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("peer ID text is " + text.length() + " characters, longer than "
                    + MAX_TEXT_LENGTH);
        }
        try {
            if (text.startsWith("1") || text.startsWith("Qm")) {
                return fromBytes(BaseN.BASE58_BTC.decode(text));
            }
            switch (text.charAt(0)) {
                case 'b':
                    return fromCid(Base32.decode(text.substring(1)));
                case 'z':
                    return fromCid(BaseN.BASE58_BTC.decode(text.substring(1)));
                case 'k':
                    return fromCid(BaseN.BASE36_LOWER.decode(text.substring(1)));
                default:
                    throw new IllegalArgumentException("neither a base58btc multihash (starting with '1' or 'Qm')"
                            + " nor a CIDv1 in multibase base32 ('b...'), base58btc ('z...') or base36 ('k...')");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid peer ID '" + text + "': " + e.getMessage(), e);
        }
    }

    private static PeerId fromCid(byte[] cid) {
        ByteCursor in = new ByteCursor(cid);
        int version = in.readVarint("CID version");
        if (version != CID_V1) {
            throw new IllegalArgumentException("CID version " + version + " (peer IDs as CIDs must be CIDv1)");
        }
        int codec = in.readVarint("CID codec");
        if (codec != LIBP2P_KEY) {
            throw new IllegalArgumentException("CID codec 0x" + Integer.toHexString(codec)
                    + " is not libp2p-key (0x72)");
        }
        return fromBytes(in.readBytes(in.remaining(), "CID multihash"));
    }

    /** The multihash bytes (what goes into {@code /p2p/} multiaddrs and the identify protocol). */
    public byte[] toBytes() {
        return multihash.clone();
    }

    /** True when the public key is inlined (identity multihash), i.e. Ed25519 and secp256k1 keys. */
    public boolean isIdentityHash() {
        return identityHash;
    }

    /** The inlined {@code PublicKey} protobuf message when this is an identity multihash, else empty. */
    public Optional<byte[]> extractPublicKeyProtobuf() {
        if (!identityHash) {
            return Optional.empty();
        }
        ByteCursor in = new ByteCursor(multihash);
        in.readVarint("multihash code");
        int length = in.readVarint("multihash length");
        return Optional.of(in.readBytes(length, "identity multihash digest"));
    }

    /** CIDv1 text: multibase base32 ({@code b}) of version 1, codec libp2p-key and this multihash. */
    public String toCidString() {
        byte[] cid = new byte[multihash.length + 2];
        cid[0] = CID_V1;
        cid[1] = LIBP2P_KEY;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return "b" + Base32.encode(cid);
    }

    /** base58btc text of the multihash (the spec's recommended display form). */
    @Override
    public String toString() {
        return base58;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && Arrays.equals(multihash, p.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }

    /** Peer-ids spec "Keys": Type (field 1, varint) then Data (field 2, bytes), nothing else. */
    private static void requireKeyMessageShape(byte[] key) {
        ByteCursor in = new ByteCursor(key);
        if (in.atEnd() || in.readVarint("public key tag") != KEY_TYPE_TAG) {
            throw new IllegalArgumentException("public key message must start with the Type field (0x08)");
        }
        in.readVarint("public key Type");
        if (in.atEnd() || in.readVarint("public key tag") != KEY_DATA_TAG) {
            throw new IllegalArgumentException("public key message must have the Data field (0x12) after Type");
        }
        int length = in.readVarint("public key Data length");
        if (length != in.remaining()) {
            throw new IllegalArgumentException("public key Data length says " + length + " bytes but "
                    + in.remaining() + " follow");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
