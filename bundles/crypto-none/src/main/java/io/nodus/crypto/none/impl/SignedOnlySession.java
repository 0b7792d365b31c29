package io.nodus.crypto.none.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.ReplayWindow;
import io.nodus.crypto.spi.Sha256;

/**
 * A {@code none} session. Body: {@code format(1) sequence(8) length(4) plaintext signature(bytes)}; the signature
 * (sender identity) is over SHA-256 of a label, the transcript hash, the sender's role, the associated data and
 * everything before it, and is verified before the payload is returned.
 */
final class SignedOnlySession implements ModeSession {

    static final int FORMAT = 1;
    static final int HEADER_BYTES = 1 + 8 + 4;
    static final int MAX_SIGNATURE = 1024;
    private static final byte[] LABEL = "nodus none v1 signature\0".getBytes(StandardCharsets.US_ASCII);

    private final ExchangeContext context;
    private final byte[] transcript;
    private final Instant created = Instant.now();
    private final ReplayWindow window;
    private long sendSequence;
    private volatile boolean destroyed;

    SignedOnlySession(ExchangeContext context, byte[] transcript, long sendSequence, ReplayWindow window) {
        this.context = context;
        this.transcript = transcript.clone();
        this.sendSequence = sendSequence;
        this.window = window;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) throws CryptoException {
        long sequence;
        synchronized (this) {
            requireLive();
            sequence = sendSequence++;
        }
        FieldWriter w = new FieldWriter(plaintext.length + 96);
        w.u8(FORMAT).u64(sequence).u32(plaintext.length).raw(plaintext);
        byte[] signed = w.toByteArray();
        byte[] signature = context.sign(digest(context.initiator(), associatedData, signed, signed.length));
        return w.bytes(signature).toByteArray();
    }

    @Override
    public byte[] open(byte[] body, byte[] associatedData) throws CryptoException {
        FieldReader r = new FieldReader(body);
        if (r.u8("format") != FORMAT) {
            throw new CryptoException(Reason.MALFORMED, "unknown none body format");
        }
        long sequence = r.u64("sequence");
        long length = r.u32("length");
        if (length > r.remaining()) {
            throw new CryptoException(Reason.MALFORMED, "none body is truncated");
        }
        int start = r.skip((int) length, "plaintext");
        int signedLength = r.position();
        byte[] signature = r.bytes(MAX_SIGNATURE, "signature");
        r.requireEnd("none body");
        if (!context.verifyRemote(digest(!context.initiator(), associatedData, body, signedLength), signature)) {
            throw new CryptoException(Reason.BAD_SIGNATURE, "payload from " + context.remotePeer()
                    + " is not signed by its identity key (changed in transit?)");
        }
        synchronized (this) {
            requireLive();
            switch (window.check(sequence)) {
                case SEEN -> throw new CryptoException(Reason.REPLAY, "payload " + sequence + " was already accepted"
                        + " (replay)");
                case TOO_OLD -> throw new CryptoException(Reason.STALE, "payload " + sequence
                        + " is older than the replay window");
                case FRESH -> window.accept(sequence);
            }
        }
        return java.util.Arrays.copyOfRange(body, start, start + (int) length);
    }

    private byte[] digest(boolean senderIsInitiator, byte[] associatedData, byte[] signed, int length) {
        MessageDigest d = Sha256.digest();
        d.update(LABEL);
        d.update(transcript);
        d.update((byte) (senderIsInitiator ? 1 : 2));
        byte[] aad = associatedData == null ? new byte[0] : associatedData;
        d.update(new FieldWriter(4).u32(aad.length).toByteArray());
        d.update(aad);
        d.update(signed, 0, length);
        return d.digest();
    }

    @Override
    public void rotate() {
        // nothing to rotate: no session keys, signatures use the identity key
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
    public long bytesSealed() {
        return 0;
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
        FieldWriter w = new FieldWriter(ReplayWindow.SIZE / 8 + 64).u8(1).raw(transcript).u64(sendSequence);
        window.writeTo(w);
        return w.toByteArray();
    }

    static SignedOnlySession resume(ExchangeContext context, byte[] state) throws CryptoException {
        FieldReader r = new FieldReader(state);
        if (r.u8("handover version") != 1) {
            throw new CryptoException(Reason.MALFORMED, "none handover version not understood");
        }
        byte[] transcript = r.raw(Sha256.BYTES, "transcript");
        long sequence = r.u64("send sequence");
        ReplayWindow window = ReplayWindow.readFrom(r);
        r.requireEnd("none handover");
        return new SignedOnlySession(context, transcript, sequence, window);
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
    }

    private void requireLive() throws CryptoException {
        if (destroyed) {
            throw new CryptoException(Reason.NO_SESSION, "none session ended");
        }
    }
}
