package io.nodus.transport.impl.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Transport-phase framing of the libp2p noise spec ("Wire Format"): every Noise transport message is an AEAD
 * ciphertext (plaintext + 16-byte tag) of at most 65535 bytes, prefixed with its 2-byte big-endian length.
 * Works on heap arrays so that the JCA cipher runs without extra copies; data that is not on the heap is
 * copied once into the output buffer and processed in place.
 */
final class NoiseTransportCipher {

    static final int LENGTH_PREFIX = 2;
    static final int MAX_FRAME_LENGTH = NoiseXXHandshake.MAX_MESSAGE_LENGTH;
    static final int MAX_PLAINTEXT = MAX_FRAME_LENGTH - CipherState.TAG_LENGTH;

    private final CipherState sender;
    private final CipherState receiver;

    NoiseTransportCipher(NoiseSession session) {
        this.sender = session.sender();
        this.receiver = session.receiver();
    }

    /** Encrypts all readable bytes of {@code plaintext} into one buffer of length-prefixed frames. */
    ByteBuf encrypt(ByteBufAllocator alloc, ByteBuf plaintext) throws NoiseException {
        int length = plaintext.readableBytes();
        int frames = (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
        ByteBuf out = heapBuffer(alloc, length + frames * (LENGTH_PREFIX + CipherState.TAG_LENGTH));
        try {
            int readerIndex = plaintext.readerIndex();
            int end = readerIndex + length;
            while (readerIndex < end) {
                int chunk = Math.min(end - readerIndex, MAX_PLAINTEXT);
                out.writeShort(chunk + CipherState.TAG_LENGTH);
                int writerIndex = out.writerIndex();
                byte[] outArray = out.array();
                int outOffset = out.arrayOffset() + writerIndex;
                int written;
                if (plaintext.hasArray()) {
                    written = sender.encryptWithAd(null, plaintext.array(), plaintext.arrayOffset() + readerIndex,
                            chunk, outArray, outOffset);
                } else {
                    plaintext.getBytes(readerIndex, outArray, outOffset, chunk);
                    written = sender.encryptWithAd(null, outArray, outOffset, chunk, outArray, outOffset);
                }
                out.writerIndex(writerIndex + written);
                readerIndex += chunk;
            }
            plaintext.readerIndex(end);
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Decrypts one frame body (the ciphertext without its length prefix) into a new buffer. */
    ByteBuf decrypt(ByteBufAllocator alloc, ByteBuf ciphertext, int index, int length) throws NoiseException {
        if (length < CipherState.TAG_LENGTH) {
            throw new NoiseException("transport frame of " + length + " bytes is shorter than the "
                    + CipherState.TAG_LENGTH + "-byte tag");
        }
        ByteBuf out = heapBuffer(alloc, length);
        try {
            byte[] outArray = out.array();
            int outOffset = out.arrayOffset();
            int written;
            if (ciphertext.hasArray()) {
                written = receiver.decryptWithAd(null, ciphertext.array(), ciphertext.arrayOffset() + index, length,
                        outArray, outOffset);
            } else {
                ciphertext.getBytes(index, outArray, outOffset, length);
                written = receiver.decryptWithAd(null, outArray, outOffset, length, outArray, outOffset);
            }
            out.writerIndex(written);
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static ByteBuf heapBuffer(ByteBufAllocator alloc, int capacity) {
        ByteBuf buf = alloc.heapBuffer(capacity, capacity);
        if (buf.hasArray()) {
            return buf;
        }
        buf.release();
        return Unpooled.buffer(capacity, capacity);
    }
}
