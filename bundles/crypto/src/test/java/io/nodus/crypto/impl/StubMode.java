package io.nodus.crypto.impl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.api.crypto.EncryptionMode;
import io.nodus.api.crypto.ExchangeContext;
import io.nodus.api.crypto.ModeExchange;
import io.nodus.api.crypto.ModeSession;
import io.nodus.crypto.spi.Aead;
import io.nodus.crypto.spi.FieldReader;
import io.nodus.crypto.spi.FieldWriter;
import io.nodus.crypto.spi.Hkdf;
import io.nodus.crypto.spi.ReplayWindow;
import io.nodus.crypto.spi.X25519;

/**
 * A small but real mode for tests of the encryption service itself (negotiation, dynamics, revocation): X25519
 * contributions, one AES-GCM key per direction from HKDF over the transcript, sequence-number nonces, handover.
 * Its id and strength are chosen by the test.
 */
public final class StubMode implements EncryptionMode {

    private final String id;
    private final int strength;
    private final SecureRandom random = new SecureRandom();

    public StubMode(String id, int strength) {
        this.id = id;
        this.strength = strength;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int strength() {
        return strength;
    }

    @Override
    public String description() {
        return "test mode " + id;
    }

    @Override
    public ModeExchange startExchange(ExchangeContext context) {
        X25519.KeyPair eph = X25519.generate(random);
        return new ModeExchange() {
            @Override
            public byte[] localContribution() {
                return eph.publicKey();
            }

            @Override
            public ModeSession complete(byte[] remote, byte[] transcript) throws CryptoException {
                byte[] shared = eph.agree(remote);
                eph.destroy();
                byte[] i2r = Hkdf.derive(transcript, shared, "i2r".getBytes(StandardCharsets.US_ASCII), 32);
                byte[] r2i = Hkdf.derive(transcript, shared, "r2i".getBytes(StandardCharsets.US_ASCII), 32);
                return new Session(context.initiator() ? i2r : r2i, context.initiator() ? r2i : i2r, 0,
                        new ReplayWindow());
            }

            @Override
            public void abandon() {
                eph.destroy();
            }
        };
    }

    @Override
    public ModeSession resume(ExchangeContext context, byte[] handover) throws CryptoException {
        FieldReader r = new FieldReader(handover);
        byte[] send = r.raw(32, "send");
        byte[] receive = r.raw(32, "receive");
        long seq = r.u64("seq");
        ReplayWindow w = ReplayWindow.readFrom(r);
        return new Session(send, receive, seq, w);
    }

    static final class Session implements ModeSession {
        final byte[] sendKey;
        final byte[] receiveKey;
        final Aead send;
        final Aead receive;
        final ReplayWindow window;
        final Instant created = Instant.now();
        long seq;
        volatile boolean destroyed;

        Session(byte[] sendKey, byte[] receiveKey, long seq, ReplayWindow window) {
            this.sendKey = sendKey;
            this.receiveKey = receiveKey;
            this.send = Aead.aesGcm(sendKey);
            this.receive = Aead.aesGcm(receiveKey);
            this.seq = seq;
            this.window = window;
        }

        @Override
        public synchronized byte[] seal(byte[] plaintext, byte[] aad) throws CryptoException {
            if (destroyed) {
                throw new CryptoException(Reason.NO_SESSION, "stub session erased");
            }
            long s = seq++;
            return new FieldWriter().u64(s).raw(send.seal(nonce(s), aad, plaintext)).toByteArray();
        }

        @Override
        public synchronized byte[] open(byte[] body, byte[] aad) throws CryptoException {
            if (destroyed) {
                throw new CryptoException(Reason.NO_SESSION, "stub session erased");
            }
            FieldReader r = new FieldReader(body);
            long s = r.u64("seq");
            if (window.check(s) != ReplayWindow.Verdict.FRESH) {
                throw new CryptoException(Reason.REPLAY, "stub payload " + s + " seen");
            }
            byte[] pt = receive.open(nonce(s), aad, body, 8, body.length - 8);
            window.accept(s);
            return pt;
        }

        @Override
        public void rotate() {
        }

        @Override
        public long keyEpoch() {
            return 0;
        }

        @Override
        public synchronized long messagesSealed() {
            return seq;
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
            FieldWriter w = new FieldWriter().raw(sendKey).raw(receiveKey).u64(seq);
            window.writeTo(w);
            return w.toByteArray();
        }

        @Override
        public synchronized void destroy() {
            destroyed = true;
            send.destroy();
            receive.destroy();
            Arrays.fill(sendKey, (byte) 0);
            Arrays.fill(receiveKey, (byte) 0);
        }

        private static byte[] nonce(long s) {
            return new FieldWriter(12).u32(0).u64(s).toByteArray();
        }
    }
}
