package io.nodus.transport.impl.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BootstrapBackoffTest {

    @Test
    void delayDoublesWithJitterUpToTheCap() {
        for (int failures = 0; failures < 40; failures++) {
            long nominal = Math.min(BootstrapDialer.MAX_DELAY_MS, BootstrapDialer.BASE_DELAY_MS << Math.min(failures, 20));
            for (int i = 0; i < 50; i++) {
                long d = BootstrapDialer.delay(failures);
                assertTrue(d >= nominal * (1 - BootstrapDialer.JITTER) - 1 && d <= nominal * (1 + BootstrapDialer.JITTER) + 1,
                        failures + " failures: " + d + " ms vs nominal " + nominal);
            }
        }
    }
}
