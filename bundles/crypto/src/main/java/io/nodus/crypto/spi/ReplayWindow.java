package io.nodus.crypto.spi;

/**
 * Sliding anti-replay window over message sequence numbers (as in RFC 4303 section 3.4.3): remembers the highest
 * number accepted and which of the {@value #SIZE} below it were seen, so messages may arrive out of order but never
 * twice. Not thread-safe: callers check and accept under their own lock, and accept only after the message
 * authenticated.
 */
public final class ReplayWindow {

    public static final int SIZE = 1024;

    /** What {@link #check} found. */
    public enum Verdict {
        FRESH,
        SEEN,
        TOO_OLD
    }

    private final long[] bits = new long[SIZE / Long.SIZE];
    private long highest = -1;

    public Verdict check(long sequence) {
        if (sequence < 0) {
            return Verdict.TOO_OLD;
        }
        if (sequence > highest) {
            return Verdict.FRESH;
        }
        if (highest - sequence >= SIZE) {
            return Verdict.TOO_OLD;
        }
        return isSet(sequence) ? Verdict.SEEN : Verdict.FRESH;
    }

    /** Records {@code sequence}; call only after {@link #check} said {@link Verdict#FRESH} and the message verified. */
    public void accept(long sequence) {
        if (check(sequence) != Verdict.FRESH) {
            throw new IllegalStateException("sequence " + sequence + " is not fresh");
        }
        if (sequence > highest) {
            long shift = highest < 0 ? SIZE : sequence - highest;
            if (shift >= SIZE) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long s = highest + 1; s <= sequence; s++) {
                    clear(s);
                }
            }
            highest = sequence;
        }
        set(sequence);
    }

    public long highest() {
        return highest;
    }

    /** The window's state, to hand a session over to a newer provider. */
    public void writeTo(FieldWriter out) {
        out.u64(highest);
        for (long word : bits) {
            out.u64(word);
        }
    }

    public static ReplayWindow readFrom(FieldReader in) throws io.nodus.api.crypto.CryptoException {
        ReplayWindow w = new ReplayWindow();
        w.highest = in.u64("replay window highest");
        if (w.highest < -1) {
            throw new io.nodus.api.crypto.CryptoException(io.nodus.api.crypto.CryptoException.Reason.MALFORMED,
                    "replay window highest is negative");
        }
        for (int i = 0; i < w.bits.length; i++) {
            w.bits[i] = in.u64("replay window bits");
        }
        return w;
    }

    private boolean isSet(long s) {
        int i = (int) (s % SIZE);
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long s) {
        int i = (int) (s % SIZE);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long s) {
        int i = (int) (s % SIZE);
        bits[i >>> 6] &= ~(1L << (i & 63));
    }
}
