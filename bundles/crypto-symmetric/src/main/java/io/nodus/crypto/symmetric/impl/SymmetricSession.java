package io.nodus.crypto.symmetric.impl;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.Aead;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.ReplayWindow;

/**
 * A symmetric session. A sealed body is {@code format(1) epoch(4) sequence(8) length(4)} followed by the plaintext
 * in AES-256-GCM chunks of at most 64 KiB, each with its 16-byte tag. The nonce of chunk {@code i} is
 * {@code i(4) || sequence(8)}; the sequence counts up per key epoch and the key changes with every epoch, so a
 * nonce never repeats under a key. The header (with the length, against truncation) and the caller's associated
 * data are authenticated with every chunk.
 * <p>
 * Keys rotate (the send chain moves to the next epoch and the old key is erased) when the rotation limits are
 * reached or on {@link #rotate()}. The receiver follows up to {@value #MAX_EPOCH_SKIP} epochs ahead, keeps the key
 * of the epoch just before its newest for payloads still under way (older ones are erased), and accepts each
 * sequence number of an epoch once.
 */
final class SymmetricSession implements ModeSession {

    static final int FORMAT = 1;
    static final int HEADER_BYTES = 1 + 4 + 8 + 4;
    static final long MAX_EPOCH_SKIP = 256;
    static final int HANDOVER_VERSION = 1;
    static final long MAX_PLAINTEXT = 0xffff_ffffL;

    /** The receive side of one key epoch. */
    private static final class ReceiveEpoch {
        final long epoch;
        final byte[] key;
        final Aead aead;
        final ReplayWindow window;

        ReceiveEpoch(long epoch, byte[] key, ReplayWindow window) {
            this.epoch = epoch;
            this.key = key;
            this.aead = Aead.aesGcm(key);
            this.window = window;
        }

        void erase() {
            Arrays.fill(key, (byte) 0);
            aead.destroy();
        }
    }

    private final ExchangeContext context;
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private KeyChain sendChain;
    private Aead sendKey;
    private long sendSequence;
    private long sendBytes;
    private Instant sendKeyCreated;
    private KeyChain receiveChain;
    private ReceiveEpoch receiveCurrent;
    private ReceiveEpoch receivePrevious;
    private volatile boolean destroyed;

    private SymmetricSession(ExchangeContext context, KeyChain send, long sendSequence, long sendBytes,
            Instant sendKeyCreated, KeyChain receive, ReplayWindow receiveWindow) {
        this.context = context;
        this.sendChain = send;
        this.sendKey = aead(send);
        this.sendSequence = sendSequence;
        this.sendBytes = sendBytes;
        this.sendKeyCreated = sendKeyCreated;
        this.receiveChain = receive;
        this.receiveCurrent = new ReceiveEpoch(receive.epoch(), receive.aeadKey(), receiveWindow);
    }

    static SymmetricSession start(ExchangeContext context, byte[] sendChainKey, byte[] receiveChainKey) {
        try {
            return new SymmetricSession(context, new KeyChain(sendChainKey, 0), 0, 0, Instant.now(),
                    new KeyChain(receiveChainKey, 0), new ReplayWindow());
        } finally {
            Arrays.fill(sendChainKey, (byte) 0);
            Arrays.fill(receiveChainKey, (byte) 0);
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) throws CryptoException {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new CryptoException(Reason.MALFORMED, "payload too large for one sealed body");
        }
        int chunks = Math.max(1, (plaintext.length + Aead.MAX_CHUNK - 1) / Aead.MAX_CHUNK);
        synchronized (sendLock) {
            requireLive();
            if (context.rotation().reached(sendSequence, sendBytes, Duration.between(sendKeyCreated, Instant.now()))) {
                advanceSend();
            }
            long sequence = sendSequence;
            byte[] out = new byte[HEADER_BYTES + plaintext.length + chunks * Aead.TAG_BYTES];
            writeHeader(out, sendChain.epoch(), sequence, plaintext.length);
            byte[] aad = aad(associatedData, out);
            int in = 0;
            int pos = HEADER_BYTES;
            for (int i = 0; i < chunks; i++) {
                int len = Math.min(Aead.MAX_CHUNK, plaintext.length - in);
                sendKey.seal(nonce(i, sequence), aad, plaintext, in, len, out, pos);
                in += len;
                pos += len + Aead.TAG_BYTES;
            }
            sendSequence++;
            sendBytes += plaintext.length;
            return out;
        }
    }

    @Override
    public byte[] open(byte[] body, byte[] associatedData) throws CryptoException {
        FieldReader r = new FieldReader(body);
        if (r.u8("format") != FORMAT) {
            throw new CryptoException(Reason.MALFORMED, "unknown symmetric body format");
        }
        long epoch = r.u32("epoch");
        long sequence = r.u64("sequence");
        long length = r.u32("length");
        long chunks = Math.max(1, (length + Aead.MAX_CHUNK - 1) / Aead.MAX_CHUNK);
        if (body.length != HEADER_BYTES + length + chunks * Aead.TAG_BYTES) {
            throw new CryptoException(Reason.MALFORMED, "symmetric body of " + body.length + " bytes does not hold "
                    + length + " bytes of plaintext (truncated or padded)");
        }
        byte[] aad = aad(associatedData, body);
        synchronized (receiveLock) {
            requireLive();
            KeyChain advanced = null;
            ReceiveEpoch skippedPrevious = null;
            ReceiveEpoch target;
            if (epoch == receiveCurrent.epoch) {
                target = receiveCurrent;
            } else if (receivePrevious != null && epoch == receivePrevious.epoch) {
                target = receivePrevious;
            } else if (epoch > receiveCurrent.epoch && epoch - receiveCurrent.epoch <= MAX_EPOCH_SKIP) {
                advanced = receiveChain.copy();
                byte[] skippedKey = null;
                while (advanced.epoch() < epoch) {
                    if (advanced.epoch() == epoch - 1 && advanced.epoch() != receiveCurrent.epoch) {
                        skippedKey = advanced.aeadKey(); // becomes the previous epoch, for its late payloads
                    }
                    advanced.advance();
                }
                target = new ReceiveEpoch(epoch, advanced.aeadKey(), new ReplayWindow());
                skippedPrevious = skippedKey == null ? null
                        : new ReceiveEpoch(epoch - 1, skippedKey, new ReplayWindow());
            } else {
                throw new CryptoException(Reason.STALE, "key epoch " + epoch + " is not usable here (current "
                        + receiveCurrent.epoch + "; older keys are erased, at most " + MAX_EPOCH_SKIP + " ahead)");
            }
            switch (target.window.check(sequence)) {
                case SEEN -> throw new CryptoException(Reason.REPLAY, "payload " + sequence + " of key epoch " + epoch
                        + " was already accepted (replay)");
                case TOO_OLD -> throw new CryptoException(Reason.STALE, "payload " + sequence + " of key epoch "
                        + epoch + " is older than the replay window");
                case FRESH -> { }
            }
            byte[] out = new byte[(int) length];
            try {
                int pos = HEADER_BYTES;
                int written = 0;
                for (int i = 0; i < chunks; i++) {
                    int len = (int) Math.min(Aead.MAX_CHUNK, length - written);
                    target.aead.open(nonce(i, sequence), aad, body, pos, len + Aead.TAG_BYTES, out, written);
                    pos += len + Aead.TAG_BYTES;
                    written += len;
                }
            } catch (CryptoException e) {
                Arrays.fill(out, (byte) 0);
                if (advanced != null) {
                    target.erase();
                    advanced.erase();
                    if (skippedPrevious != null) {
                        skippedPrevious.erase();
                    }
                }
                throw e;
            }
            if (advanced != null) {
                if (receivePrevious != null) {
                    receivePrevious.erase();
                }
                if (skippedPrevious != null) {
                    receiveCurrent.erase();
                    receivePrevious = skippedPrevious;
                } else {
                    receivePrevious = receiveCurrent;
                }
                receiveCurrent = target;
                receiveChain.erase();
                receiveChain = advanced;
            }
            target.window.accept(sequence);
            return out;
        }
    }

    @Override
    public void rotate() throws CryptoException {
        synchronized (sendLock) {
            requireLive();
            advanceSend();
        }
    }

    @Override
    public long keyEpoch() {
        synchronized (sendLock) {
            return sendChain.epoch();
        }
    }

    @Override
    public long messagesSealed() {
        synchronized (sendLock) {
            return sendSequence;
        }
    }

    @Override
    public long bytesSealed() {
        synchronized (sendLock) {
            return sendBytes;
        }
    }

    @Override
    public Instant keyCreatedAt() {
        synchronized (sendLock) {
            return sendKeyCreated;
        }
    }

    @Override
    public byte[] handover() {
        synchronized (sendLock) {
            synchronized (receiveLock) {
                if (destroyed) {
                    return null;
                }
                byte[] id = new byte[16];
                new SecureRandom().nextBytes(id);
                FieldWriter w = new FieldWriter(2 * ReplayWindow.SIZE / 8 + 256);
                w.u8(HANDOVER_VERSION).raw(id)
                        .raw(sendChain.chainKey()).u64(sendChain.epoch()).u64(sendSequence).u64(sendBytes)
                        .u64(sendKeyCreated.toEpochMilli())
                        .raw(receiveChain.chainKey()).u64(receiveChain.epoch());
                receiveCurrent.window.writeTo(w);
                w.u8(receivePrevious == null ? 0 : 1);
                if (receivePrevious != null) {
                    w.u64(receivePrevious.epoch).raw(receivePrevious.key);
                    receivePrevious.window.writeTo(w);
                }
                return w.toByteArray();
            }
        }
    }

    static SymmetricSession resume(ExchangeContext context, byte[] state, ConsumedHandovers consumed)
            throws CryptoException {
        FieldReader r = new FieldReader(state);
        if (r.u8("handover version") != HANDOVER_VERSION) {
            throw new CryptoException(Reason.MALFORMED, "symmetric handover version not understood");
        }
        byte[] id = r.raw(16, "handover id");
        byte[] sendKey = r.raw(32, "send chain");
        KeyChain send = new KeyChain(sendKey, r.u64("send epoch"));
        long sequence = r.u64("send sequence");
        long bytes = r.u64("send bytes");
        Instant created = Instant.ofEpochMilli(r.u64("send key created"));
        byte[] receiveKey = r.raw(32, "receive chain");
        KeyChain receive = new KeyChain(receiveKey, r.u64("receive epoch"));
        ReplayWindow window = ReplayWindow.readFrom(r);
        boolean hasPrevious = r.u8("previous epoch flag") == 1;
        ReceiveEpoch previous = hasPrevious ? new ReceiveEpoch(r.u64("previous epoch"), r.raw(32, "previous key"),
                ReplayWindow.readFrom(r)) : null;
        r.requireEnd("symmetric handover");
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(receiveKey, (byte) 0);
        if (!consumed.consume(id)) {
            send.erase();
            receive.erase();
            throw new CryptoException(Reason.NONCE_REUSE, "this session state was already taken over once; taking it"
                    + " over again would seal with the same keys and counters");
        }
        SymmetricSession s = new SymmetricSession(context, send, sequence, bytes, created, receive, window);
        s.receivePrevious = previous;
        return s;
    }

    @Override
    public void destroy() {
        synchronized (sendLock) {
            synchronized (receiveLock) {
                destroyed = true;
                sendKey.destroy();
                sendChain.erase();
                receiveChain.erase();
                receiveCurrent.erase();
                if (receivePrevious != null) {
                    receivePrevious.erase();
                    receivePrevious = null;
                }
            }
        }
    }

    /** The key sealing now (tests check that a rotated-away key is erased and refuses to seal). */
    Aead currentSendKey() {
        synchronized (sendLock) {
            return sendKey;
        }
    }

    private void advanceSend() {
        sendKey.destroy();
        sendChain.advance();
        sendKey = aead(sendChain);
        sendSequence = 0;
        sendBytes = 0;
        sendKeyCreated = Instant.now();
    }

    private void requireLive() throws CryptoException {
        if (destroyed) {
            throw new CryptoException(Reason.NO_SESSION, "symmetric session keys were erased");
        }
    }

    private static Aead aead(KeyChain chain) {
        byte[] k = chain.aeadKey();
        try {
            return Aead.aesGcm(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static void writeHeader(byte[] out, long epoch, long sequence, long length) {
        byte[] h = new FieldWriter(HEADER_BYTES).u8(FORMAT).u32(epoch).u64(sequence).u32(length).toByteArray();
        System.arraycopy(h, 0, out, 0, HEADER_BYTES);
    }

    private static byte[] aad(byte[] associatedData, byte[] headerSource) {
        byte[] a = associatedData == null ? new byte[0] : associatedData;
        byte[] out = Arrays.copyOf(a, a.length + HEADER_BYTES);
        System.arraycopy(headerSource, 0, out, a.length, HEADER_BYTES);
        return out;
    }

    private static byte[] nonce(int chunk, long sequence) {
        return new FieldWriter(Aead.NONCE_BYTES).u32(chunk).u64(sequence).toByteArray();
    }
}
