package io.nodus.api.crypto;

import java.time.Duration;

/**
 * A session moves to fresh keys when any limit is reached.
 *
 * @param messages payloads sealed with one key
 * @param bytes    plaintext bytes sealed with one key
 * @param age      how long one key is used
 */
public record RotationLimits(long messages, long bytes, Duration age) {

    public RotationLimits {
        if (messages < 1 || bytes < 1 || age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("rotation limits must be positive: " + messages + " messages, "
                    + bytes + " bytes, " + age);
        }
    }

    /** True when a key that sealed {@code sealed} messages and {@code sealedBytes} bytes, and is {@code keyAge} old, is spent. */
    public boolean reached(long sealed, long sealedBytes, Duration keyAge) {
        return sealed >= messages || sealedBytes >= bytes || keyAge.compareTo(age) >= 0;
    }
}
