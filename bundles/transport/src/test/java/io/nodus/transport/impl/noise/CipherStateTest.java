package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CipherStateTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

    @Test
    void withoutKeyDataPassesThrough() throws NoiseException {
        CipherState c = new CipherState();
        byte[] data = {1, 2, 3};
        assertArrayEquals(data, c.encryptWithAd(AD, data));
        assertArrayEquals(data, c.decryptWithAd(AD, data, 0, data.length));
        assertEquals(0, c.nonce());
    }

    @Test
    void roundTripAdvancesNonces() throws NoiseException {
        CipherState enc = keyed();
        CipherState dec = keyed();
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] ct = enc.encryptWithAd(AD, msg);
            assertEquals(msg.length + CipherState.TAG_LENGTH, ct.length);
            assertArrayEquals(msg, dec.decryptWithAd(AD, ct, 0, ct.length));
        }
        assertEquals(3, enc.nonce());
        assertEquals(3, dec.nonce());
    }

    @Test
    void failedDecryptionKeepsTheNonce() throws NoiseException {
        CipherState enc = keyed();
        CipherState dec = keyed();
        byte[] ct = enc.encryptWithAd(AD, new byte[10]);
        ct[3] ^= 1;
        NoiseException e = assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, ct, 0, ct.length));
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
        assertEquals(0, dec.nonce());
        ct[3] ^= 1;
        assertArrayEquals(new byte[10], dec.decryptWithAd(AD, ct, 0, ct.length));
        byte[] wrongAd = enc.encryptWithAd(AD, new byte[1]);
        assertThrows(NoiseException.class, () -> dec.decryptWithAd(new byte[0], wrongAd, 0, wrongAd.length));
    }

    @Test
    void shortCiphertextIsRejected() {
        CipherState dec = keyed();
        assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, new byte[15], 0, 15));
    }

    @Test
    void nonceTwoToTheSixtyFourMinusOneIsNeverUsed() throws NoiseException {
        CipherState enc = keyed();
        CipherState dec = keyed();
        enc.setNonce(-2L); // 2^64-2, the last usable nonce
        dec.setNonce(-2L);
        byte[] ct = enc.encryptWithAd(AD, new byte[4]);
        assertArrayEquals(new byte[4], dec.decryptWithAd(AD, ct, 0, ct.length));
        NoiseException e = assertThrows(NoiseException.class, () -> enc.encryptWithAd(AD, new byte[4]));
        assertTrue(e.getMessage().contains("nonce exhausted"), e.getMessage());
        assertThrows(NoiseException.class, () -> dec.decryptWithAd(AD, ct, 0, ct.length));
    }

    @Test
    void encryptsInPlace() throws NoiseException {
        CipherState enc = keyed();
        CipherState dec = keyed();
        byte[] buf = new byte[72];
        for (int i = 0; i < 48; i++) {
            buf[i + 8] = (byte) i;
        }
        int n = enc.encryptWithAd(null, buf, 8, 48, buf, 8);
        assertEquals(64, n);
        int m = dec.decryptWithAd(null, buf, 8, 64, buf, 8);
        assertEquals(48, m);
        for (int i = 0; i < 48; i++) {
            assertEquals((byte) i, buf[i + 8]);
        }
    }

    private static CipherState keyed() {
        CipherState c = new CipherState();
        c.initializeKey(KEY);
        return c;
    }
}
