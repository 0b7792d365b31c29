package io.nodus.transport.impl.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;

/**
 * The outbound side of the transport phase: plaintext writes are queued until a flush (or until
 * {@link #BATCH_FRAMES} full frames are queued) and then encrypted into frames that carry the full
 * {@link NoiseTransportCipher#MAX_PLAINTEXT} bytes each, whatever the sizes of the writes; only the last frame of
 * a flush may be shorter. Queued bytes count towards the channel's writability. Event loop only.
 */
final class NoiseFrameWriter {

    /** Queued plaintext worth this many full frames is encrypted without waiting for a flush. */
    static final int BATCH_FRAMES = 4;

    private final CoalescingBufferQueue queue;
    private final NoiseTransportCipher cipher;

    NoiseFrameWriter(Channel channel, NoiseTransportCipher cipher) {
        this.queue = new CoalescingBufferQueue(channel, BATCH_FRAMES, true);
        this.cipher = cipher;
    }

    /** Queues a non-empty plaintext; {@code promise} completes once the frames carrying it are written. */
    void add(ByteBuf plaintext, ChannelPromise promise) {
        queue.add(plaintext, promise);
    }

    /** True when enough is queued to encrypt full frames before the flush. */
    boolean batchReady() {
        return queue.readableBytes() >= BATCH_FRAMES * NoiseTransportCipher.MAX_PLAINTEXT;
    }

    /**
     * Encrypts the queued plaintext into one heap buffer of length-prefixed frames, or returns null when there
     * is nothing to encrypt. {@code all} false leaves a last partial frame queued for later writes to fill.
     * {@code promise} (for the returned buffer's write) completes the promises of every write it carries.
     */
    ByteBuf encrypt(ByteBufAllocator alloc, boolean all, ChannelPromise promise) throws NoiseException {
        int queued = queue.readableBytes();
        int bytes = all ? queued : queued - queued % NoiseTransportCipher.MAX_PLAINTEXT;
        if (bytes == 0) {
            return null;
        }
        int frames = (bytes + NoiseTransportCipher.MAX_PLAINTEXT - 1) / NoiseTransportCipher.MAX_PLAINTEXT;
        ByteBuf out = NoiseTransportCipher.heapBuffer(alloc, bytes + frames * NoiseTransportCipher.FRAME_OVERHEAD);
        try {
            for (int left = bytes; left > 0;) {
                ByteBuf plaintext = queue.remove(alloc, Math.min(left, NoiseTransportCipher.MAX_PLAINTEXT), promise);
                try {
                    left -= plaintext.readableBytes();
                    cipher.encryptFrame(plaintext, out);
                } finally {
                    plaintext.release();
                }
            }
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e instanceof NoiseException n ? n : new NoiseException("encryption failed: " + e, e);
        }
    }

    void releaseAndFailAll(Throwable cause) {
        queue.releaseAndFailAll(cause);
    }
}
