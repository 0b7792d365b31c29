package io.nodus.crypto.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.crypto.spi.ReplayWindow.Verdict;

class ReplayWindowTest {

    @Test
    void acceptsOutOfOrderOnceAndForgetsBeyondTheWindow() throws CryptoException {
        ReplayWindow w = new ReplayWindow();
        w.accept(5);
        w.accept(3);
        assertEquals(Verdict.SEEN, w.check(5));
        assertEquals(Verdict.SEEN, w.check(3));
        assertEquals(Verdict.FRESH, w.check(4));
        w.accept(5 + ReplayWindow.SIZE);
        assertEquals(Verdict.TOO_OLD, w.check(5));
        assertEquals(Verdict.FRESH, w.check(4 + ReplayWindow.SIZE));
        assertEquals(Verdict.SEEN, w.check(5 + ReplayWindow.SIZE));
        assertThrows(IllegalStateException.class, () -> w.accept(5 + ReplayWindow.SIZE));

        FieldWriter out = new FieldWriter();
        w.writeTo(out);
        ReplayWindow copy = ReplayWindow.readFrom(new FieldReader(out.toByteArray()));
        assertEquals(Verdict.SEEN, copy.check(5 + ReplayWindow.SIZE));
        assertEquals(Verdict.FRESH, copy.check(7 + ReplayWindow.SIZE));
    }

    @Test
    void sealingTwiceWithTheSameNonceIsRefusedByTheAead() {
        Aead aead = Aead.aesGcm(new byte[32]);
        byte[] nonce = new byte[12];
        aead.seal(nonce, null, new byte[] {1});
        assertThrows(IllegalStateException.class, () -> aead.seal(nonce, null, new byte[] {2}));
        aead.destroy();
        assertThrows(IllegalStateException.class, () -> aead.seal(new byte[12], null, new byte[] {3}));
    }

    @Test
    void oneAeadCallIsBoundedTo64KiB() {
        Aead aead = Aead.aesGcm(new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> aead.seal(new byte[12], null, new byte[Aead.MAX_CHUNK + 1]));
    }
}
