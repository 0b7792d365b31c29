package io.nodus.crypto.none.impl;

import static io.nodus.crypto.impl.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nodus.api.crypto.CryptoException;
import io.nodus.api.crypto.CryptoException.Reason;
import io.nodus.crypto.impl.TestNetwork;
import io.nodus.crypto.impl.TestNode;

/** Mode {@code none}: only when both allow it; signed, never encrypted; each payload accepted once. */
class SignedOnlyModeTest {

    static final byte[] AAD = {3};

    private final TestNetwork net = new TestNetwork();
    private final TestNode a = net.node("a");
    private final TestNode b = net.node("b");

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void onlyWhenBothPoliciesAllowItAndThePayloadIsSignedNotEncrypted() throws Exception {
        a.addMode(new SignedOnlyMode());
        b.addMode(new SignedOnlyMode());
        a.configure(Map.of("encryption.mode", "none"));
        refused(Reason.NO_COMMON_MODE, () -> a.service().seal(b.peerId(), new byte[1], AAD));
        b.configure(Map.of("encryption.allowed", "none"));

        byte[] sealed = a.service().seal(b.peerId(), "in the clear".getBytes(StandardCharsets.UTF_8), AAD);
        assertEquals("none", a.service().session(b.peerId()).orElseThrow().mode());
        assertTrue(new String(sealed, StandardCharsets.ISO_8859_1).contains("in the clear"), "not encrypted");
        assertEquals("in the clear", new String(b.service().open(a.peerId(), sealed, AAD), StandardCharsets.UTF_8));

        refused(Reason.REPLAY, () -> b.service().open(a.peerId(), sealed, AAD));
        byte[] changed = a.service().seal(b.peerId(), "pay 10".getBytes(StandardCharsets.UTF_8), AAD);
        int pos = new String(changed, StandardCharsets.ISO_8859_1).indexOf("pay 10") + 4;
        changed[pos] = '9';
        CryptoException e = refused(Reason.BAD_SIGNATURE, () -> b.service().open(a.peerId(), changed, AAD));
        assertTrue(e.getMessage().contains("not signed"), e.getMessage());
        byte[] reflected = b.service().seal(a.peerId(), new byte[] {1}, AAD);
        refused(Reason.BAD_SIGNATURE, () -> b.service().open(a.peerId(),
                relabel(reflected, b, a), AAD)); // b's own payload presented back to b as a's
    }

    /** The same body with the envelope's recipient swapped (a reflection attempt). */
    private static byte[] relabel(byte[] sealed, TestNode from, TestNode to) {
        byte[] f = to.peerId().toBytes();
        byte[] t = from.peerId().toBytes();
        byte[] out = sealed.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (java.util.Arrays.equals(java.util.Arrays.copyOfRange(out, i, i + f.length), f)) {
                System.arraycopy(t, 0, out, i, t.length);
                return out;
            }
        }
        throw new AssertionError("recipient not found in envelope");
    }
}
