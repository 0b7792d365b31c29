package io.nodus.transport.impl.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Transport-phase framing of the libp2p noise spec ("Wire Format"): every Noise transport message is an AEAD
 * ciphertext (plaintext + 16-byte tag) of at most 65535 bytes, prefixed with its 2-byte big-endian length.
 * <p>
 * The JCA ChaCha20-Poly1305 of the JDK works on heap arrays without copies but copies direct
 * {@link java.nio.ByteBuffer}s into fresh arrays, so both directions stay on the heap: a frame is encrypted
 * from its (possibly composite) plaintext straight into the output array, and decrypted in place inside the
 * heap buffer it was received into.
 */
final class NoiseTransportCipher {

    static final int LENGTH_PREFIX = 2;
    static final int MAX_FRAME_LENGTH = NoiseXXHandshake.MAX_MESSAGE_LENGTH;
    static final int MAX_PLAINTEXT = MAX_FRAME_LENGTH - CipherState.TAG_LENGTH;
    /** Bytes one frame adds to its plaintext on the wire. */
    static final int FRAME_OVERHEAD = LENGTH_PREFIX + CipherState.TAG_LENGTH;

    private final CipherState sender;
    private final CipherState receiver;

    NoiseTransportCipher(NoiseSession session) {
        this.sender = session.sender();
        this.receiver = session.receiver();
    }

    /**
     * Appends one length-prefixed frame holding all readable bytes of {@code plaintext} (1 to
     * {@link #MAX_PLAINTEXT}) to {@code out}, a heap buffer with room for {@link #FRAME_OVERHEAD} more. The
     * plaintext's reader index is not moved.
     */
    void encryptFrame(ByteBuf plaintext, ByteBuf out) throws NoiseException {
        int length = plaintext.readableBytes();
        if (length < 1 || length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("frame plaintext of " + length + " bytes");
        }
        out.writeShort(length + CipherState.TAG_LENGTH);
        int writerIndex = out.writerIndex();
        int written = sender.encryptGathering(plaintext.nioBuffers(), out.array(), out.arrayOffset() + writerIndex);
        out.writerIndex(writerIndex + written);
    }

    /**
     * Decrypts one frame body (ciphertext and tag, without the length prefix) in place in the heap buffer
     * {@code frames}.
     *
     * @return the plaintext length; the plaintext starts at {@code index}
     */
    int decryptInPlace(ByteBuf frames, int index, int length) throws NoiseException {
        if (length < CipherState.TAG_LENGTH) {
            throw new NoiseException("transport frame of " + length + " bytes is shorter than the "
                    + CipherState.TAG_LENGTH + "-byte tag");
        }
        byte[] array = frames.array();
        int offset = frames.arrayOffset() + index;
        return receiver.decryptWithAd(null, array, offset, length, array, offset);
    }

    /** A heap buffer of exactly {@code capacity} bytes, pooled when the allocator pools heap memory. */
    static ByteBuf heapBuffer(ByteBufAllocator alloc, int capacity) {
        ByteBuf buf = alloc.heapBuffer(capacity, capacity);
        if (buf.hasArray()) {
            return buf;
        }
        buf.release();
        return Unpooled.buffer(capacity, capacity);
    }
}
