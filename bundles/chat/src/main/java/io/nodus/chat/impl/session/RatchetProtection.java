package io.nodus.chat.impl.session;

import com.google.protobuf.ByteString;

import io.nodus.chat.impl.protocol.SendEphemeralMessage;
import io.nodus.chat.impl.ratchet.DoubleRatchet;
import io.nodus.chat.impl.ratchet.RatchetException;
import io.nodus.chat.impl.ratchet.RatchetHeader;

/** Payloads sealed by the session's Double Ratchet: header in clear, body AEAD-encrypted. */
public final class RatchetProtection implements PayloadProtection {

    private final DoubleRatchet ratchet;

    public RatchetProtection(DoubleRatchet ratchet) {
        this.ratchet = ratchet;
    }

    @Override
    public String name() {
        return DOUBLE_RATCHET;
    }

    @Override
    public SendEphemeralMessage.Builder seal(byte[] payload) throws RatchetException {
        DoubleRatchet.Sealed s = ratchet.encrypt(payload);
        return SendEphemeralMessage.newBuilder().setHeader(ByteString.copyFrom(s.header().encode()))
                .setBody(ByteString.copyFrom(s.ciphertext()));
    }

    @Override
    public byte[] open(SendEphemeralMessage message) throws RatchetException {
        return ratchet.decrypt(RatchetHeader.decode(message.getHeader().toByteArray()), message.getBody().toByteArray());
    }

    @Override
    public void destroy() {
        ratchet.destroy();
    }

    @Override
    public boolean isErased() {
        return ratchet.isErased();
    }

    /** The ratchet itself (tests of compromise and erasure). */
    public DoubleRatchet ratchet() {
        return ratchet;
    }
}
