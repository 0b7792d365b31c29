package io.nodus.crypto.asymmetric.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.Aead;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.ReplayWindow;
import io.nodus.crypto.spi.Sha256;

/**
 * An {@code asymmetric} session. Body: {@code format(1) variant(1) sequence(8) length(4) keyMaterial(bytes)},
 * then the plaintext in AEAD chunks of at most 64 KiB (header and associated data authenticated with each), then
 * {@code signature(bytes)} over SHA-256 of a label, the transcript hash, the sender's role, the associated data and
 * everything before the signature. The signature is verified before anything is decrypted.
 * <ul>
 * <li>HPKE: key material is the HPKE encapsulated key; chunks are sealed with the HPKE context (its sequence
 * nonces, RFC 9180 section 5.2); info binds the transcript and the sender's role. Signed with the identity key.</li>
 * <li>RSA: key material is a fresh AES-256 key wrapped with RSA-OAEP-SHA256 (label binds transcript and role);
 * chunks are AES-256-GCM with nonce {@code chunk(4) || sequence(8)}. Signed with RSA-PSS.</li>
 * </ul>
 */
final class AsymmetricSession implements ModeSession {

    static final int FORMAT = 1;
    static final int HEADER_BYTES = 1 + 1 + 8 + 4;
    static final int MAX_KEY_MATERIAL = 1024;
    static final int MAX_SIGNATURE = 1024;
    static final long MAX_PLAINTEXT = 0x7fff_0000L;
    private static final byte[] SIGNATURE_LABEL = label("nodus asymmetric v1 signature");
    private static final byte[] HPKE_INFO = label("nodus asymmetric v1 hpke");
    private static final byte[] RSA_LABEL = label("nodus asymmetric v1 rsa");

    private final ExchangeContext context;
    private final byte[] transcript;
    private final Variant variant;
    private final LocalKeys local;
    private final PeerKeys peer;
    private final Instant created = Instant.now();
    private final SecureRandom random = new SecureRandom();
    private final ReplayWindow window;
    private long sendSequence;
    private long sendBytes;
    private volatile boolean destroyed;

    AsymmetricSession(ExchangeContext context, byte[] transcript, Variant variant, LocalKeys local, PeerKeys peer,
            long sendSequence, ReplayWindow window) {
        this.context = context;
        this.transcript = transcript.clone();
        this.variant = variant;
        this.local = local;
        this.peer = peer;
        this.sendSequence = sendSequence;
        this.window = window;
    }

    Variant variant() {
        return variant;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) throws CryptoException {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new CryptoException(Reason.MALFORMED, "payload too large for one sealed body");
        }
        long sequence;
        synchronized (this) {
            requireLive();
            sequence = sendSequence++;
            sendBytes += plaintext.length;
        }
        boolean role = context.initiator();
        byte[] header = new FieldWriter(HEADER_BYTES).u8(FORMAT).u8(variant.code).u64(sequence).u32(plaintext.length)
                .toByteArray();
        byte[] chunkAad = concat(associatedData, header);
        int chunks = chunkCount(plaintext.length);
        FieldWriter body = new FieldWriter(plaintext.length + chunks * Aead.TAG_BYTES + 700).raw(header);
        if (variant == Variant.HPKE) {
            HPKE hpke = suite();
            HPKEContextWithEncapsulation ctx = hpke.setupBaseS(hpke.deserializePublicKey(peer.x25519()), info(HPKE_INFO, role));
            body.bytes(ctx.getEncapsulation());
            for (int i = 0, off = 0; i < chunks; i++) {
                int len = Math.min(Aead.MAX_CHUNK, plaintext.length - off);
                try {
                    body.raw(ctx.seal(chunkAad, plaintext, off, len));
                } catch (InvalidCipherTextException e) {
                    throw new IllegalStateException("HPKE refused to seal: " + e.getMessage(), e);
                }
                off += len;
            }
        } else {
            byte[] key = new byte[32];
            random.nextBytes(key);
            body.bytes(peer.oaep().encryptOaep(key, info(RSA_LABEL, role), random));
            Aead aead = Aead.aesGcm(key);
            Arrays.fill(key, (byte) 0);
            for (int i = 0, off = 0; i < chunks; i++) {
                int len = Math.min(Aead.MAX_CHUNK, plaintext.length - off);
                body.raw(aead.seal(nonce(i, sequence), chunkAad, plaintext, off, len));
                off += len;
            }
            aead.destroy();
        }
        byte[] signed = body.toByteArray();
        byte[] digest = digest(role, associatedData, signed, signed.length);
        byte[] signature = variant == Variant.HPKE ? context.sign(digest) : local.pss().signPss(digest, random);
        return body.bytes(signature).toByteArray();
    }

    @Override
    public byte[] open(byte[] body, byte[] associatedData) throws CryptoException {
        FieldReader r = new FieldReader(body);
        if (r.u8("format") != FORMAT) {
            throw new CryptoException(Reason.MALFORMED, "unknown asymmetric body format");
        }
        Variant v = Variant.of(r.u8("variant"));
        if (v != variant) {
            throw new CryptoException(Reason.DOWNGRADE, "payload uses variant " + v + " but the session agreed on "
                    + variant);
        }
        long sequence = r.u64("sequence");
        long length = r.u32("length");
        byte[] keyMaterial = r.bytes(MAX_KEY_MATERIAL, "key material");
        int chunks = chunkCount(length);
        long sealedLength = length + (long) chunks * Aead.TAG_BYTES;
        if (sealedLength > r.remaining()) {
            throw new CryptoException(Reason.MALFORMED, "asymmetric body is truncated");
        }
        int chunkStart = r.skip((int) sealedLength, "ciphertext");
        int signedLength = r.position();
        byte[] signature = r.bytes(MAX_SIGNATURE, "signature");
        r.requireEnd("asymmetric body");
        boolean peerRole = !context.initiator();
        byte[] digest = digest(peerRole, associatedData, body, signedLength);
        boolean valid = variant == Variant.HPKE ? context.verifyRemote(digest, signature)
                : peer.pss().verifyPss(digest, signature);
        if (!valid) {
            throw new CryptoException(Reason.BAD_SIGNATURE, "payload from " + context.remotePeer()
                    + " does not carry its valid signature (changed in transit, or not from that peer)");
        }
        synchronized (this) {
            requireLive();
            requireFresh(sequence);
        }
        byte[] chunkAad = concat(associatedData, Arrays.copyOf(body, HEADER_BYTES));
        byte[] out = variant == Variant.HPKE ? openHpke(keyMaterial, peerRole, chunkAad, body, chunkStart, length)
                : openRsa(keyMaterial, peerRole, chunkAad, body, chunkStart, length, sequence);
        synchronized (this) {
            requireFresh(sequence); // a concurrent open of the same payload may have won
            window.accept(sequence);
        }
        return out;
    }

    private byte[] openHpke(byte[] enc, boolean peerRole, byte[] aad, byte[] body, int start, long length)
            throws CryptoException {
        HPKE hpke = suite();
        byte[] priv = local.x25519().privateKey();
        byte[] out = new byte[(int) length];
        try {
            AsymmetricCipherKeyPair mine = hpke.deserializePrivateKey(priv, local.x25519().publicKey());
            HPKEContext ctx = hpke.setupBaseR(enc, mine, info(HPKE_INFO, peerRole));
            int pos = start;
            int written = 0;
            for (int i = 0; i < chunkCount(length); i++) {
                int len = (int) Math.min(Aead.MAX_CHUNK, length - written);
                byte[] chunk = ctx.open(aad, body, pos, len + Aead.TAG_BYTES);
                System.arraycopy(chunk, 0, out, written, len);
                pos += len + Aead.TAG_BYTES;
                written += len;
            }
            return out;
        } catch (InvalidCipherTextException | RuntimeException e) {
            Arrays.fill(out, (byte) 0);
            throw new CryptoException(Reason.TAMPERED, "HPKE could not open the payload (wrong recipient key or"
                    + " changed ciphertext)");
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    private byte[] openRsa(byte[] wrapped, boolean peerRole, byte[] aad, byte[] body, int start, long length,
            long sequence) throws CryptoException {
        byte[] key = local.oaep().decryptOaep(wrapped, info(RSA_LABEL, peerRole));
        if (key.length != 32) {
            throw new CryptoException(Reason.TAMPERED, "wrapped payload key has the wrong length");
        }
        Aead aead = Aead.aesGcm(key);
        Arrays.fill(key, (byte) 0);
        byte[] out = new byte[(int) length];
        try {
            int pos = start;
            int written = 0;
            for (int i = 0; i < chunkCount(length); i++) {
                int len = (int) Math.min(Aead.MAX_CHUNK, length - written);
                aead.open(nonce(i, sequence), aad, body, pos, len + Aead.TAG_BYTES, out, written);
                pos += len + Aead.TAG_BYTES;
                written += len;
            }
            return out;
        } catch (CryptoException e) {
            Arrays.fill(out, (byte) 0);
            throw e;
        } finally {
            aead.destroy();
        }
    }

    private void requireFresh(long sequence) throws CryptoException {
        switch (window.check(sequence)) {
            case SEEN -> throw new CryptoException(Reason.REPLAY, "payload " + sequence + " was already accepted"
                    + " (replay)");
            case TOO_OLD -> throw new CryptoException(Reason.STALE, "payload " + sequence
                    + " is older than the replay window");
            case FRESH -> { }
        }
    }

    @Override
    public void rotate() {
        // every payload already has its own key (HPKE encapsulation or a fresh wrapped key)
    }

    @Override
    public long keyEpoch() {
        return 0;
    }

    @Override
    public synchronized long messagesSealed() {
        return sendSequence;
    }

    @Override
    public synchronized long bytesSealed() {
        return sendBytes;
    }

    @Override
    public Instant keyCreatedAt() {
        return created;
    }

    @Override
    public synchronized byte[] handover() {
        if (destroyed) {
            return null;
        }
        FieldWriter w = new FieldWriter(4096).u8(1).raw(transcript).u8(variant.code).u64(sendSequence).u64(sendBytes)
                .bytes(PeerKeys.of(local).encode()).bytes(peer.encode());
        window.writeTo(w);
        return w.toByteArray();
    }

    static AsymmetricSession resume(ExchangeContext context, byte[] state, io.nodus.crypto.spi.StaticKeys keys)
            throws CryptoException {
        FieldReader r = new FieldReader(state);
        if (r.u8("handover version") != 1) {
            throw new CryptoException(Reason.MALFORMED, "asymmetric handover version not understood");
        }
        byte[] transcript = r.raw(Sha256.BYTES, "transcript");
        Variant variant = Variant.of(r.u8("variant"));
        long sequence = r.u64("send sequence");
        long bytes = r.u64("send bytes");
        PeerKeys mine = PeerKeys.decode(r.bytes(4096, "own keys"));
        PeerKeys peer = PeerKeys.decode(r.bytes(4096, "peer keys"));
        ReplayWindow window = ReplayWindow.readFrom(r);
        r.requireEnd("asymmetric handover");
        java.util.Set<KeyType> types = java.util.EnumSet.noneOf(KeyType.class);
        if (mine.hasX25519()) {
            types.add(KeyType.X25519);
        }
        if (mine.hasRsa()) {
            types.add(KeyType.RSA);
        }
        LocalKeys local = LocalKeys.load(keys, types, context);
        if (!Arrays.equals(PeerKeys.of(local).encode(), mine.encode())) {
            local.erase();
            throw new CryptoException(Reason.STALE, "this node's static keys changed since the session began");
        }
        AsymmetricSession s = new AsymmetricSession(context, transcript, variant, local, peer, sequence, window);
        s.sendBytes = bytes;
        return s;
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
        local.erase();
    }

    private void requireLive() throws CryptoException {
        if (destroyed) {
            throw new CryptoException(Reason.NO_SESSION, "asymmetric session ended");
        }
    }

    private byte[] digest(boolean senderIsInitiator, byte[] associatedData, byte[] signed, int length) {
        MessageDigest d = Sha256.digest();
        d.update(SIGNATURE_LABEL);
        d.update(transcript);
        d.update((byte) (senderIsInitiator ? 1 : 2));
        byte[] aad = associatedData == null ? new byte[0] : associatedData;
        d.update(new FieldWriter(4).u32(aad.length).toByteArray());
        d.update(aad);
        d.update(signed, 0, length);
        return d.digest();
    }

    private byte[] info(byte[] label, boolean senderIsInitiator) {
        byte[] out = Arrays.copyOf(label, label.length + transcript.length + 1);
        System.arraycopy(transcript, 0, out, label.length, transcript.length);
        out[out.length - 1] = (byte) (senderIsInitiator ? 1 : 2);
        return out;
    }

    static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    private static int chunkCount(long length) {
        return (int) Math.max(1, (length + Aead.MAX_CHUNK - 1) / Aead.MAX_CHUNK);
    }

    private static byte[] nonce(int chunk, long sequence) {
        return new FieldWriter(Aead.NONCE_BYTES).u32(chunk).u64(sequence).toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] x = a == null ? new byte[0] : a;
        byte[] out = Arrays.copyOf(x, x.length + b.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        return out;
    }

    private static byte[] label(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
