package io.nodus.crypto.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Configuration {@code io.nodus.crypto}: defaults, parsing as FileInstall and ConfigAdmin give it, rejection. */
class CryptoSettingsTest {

    @Test
    void defaultsAskForSymmetricAndAcceptAsymmetric() {
        CryptoSettings s = CryptoSettings.parse(Map.of());
        assertEquals("symmetric", s.mode());
        assertEquals(List.of("asymmetric"), s.allowed());
        assertEquals(CryptoSettings.ProviderLossPolicy.RENEGOTIATE, s.onProviderLoss());
        assertEquals(s, CryptoSettings.parse(s.toProperties()), "round trip through properties");
    }

    @Test
    void valuesAsTextFromACfgFileAreParsed() {
        CryptoSettings s = CryptoSettings.parse(Map.of("encryption.mode", " asymmetric ", "encryption.allowed",
                "none, symmetric,none", "rotation.messages", "100", "encryption.onProviderLoss", "CLOSE"));
        assertEquals("asymmetric", s.mode());
        assertEquals(List.of("none", "symmetric"), s.allowed());
        assertEquals(100, s.rotation().messages());
        assertEquals(CryptoSettings.ProviderLossPolicy.CLOSE, s.onProviderLoss());
    }

    @Test
    void badValuesAreRejectedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CryptoSettings.parse(Map.of("encryption.mode",
                "Sym metric"))).getMessage().contains("encryption.mode"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CryptoSettings.parse(Map.of("encryption.admins",
                "not-a-peer"))).getMessage().contains("encryption.admins"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CryptoSettings.parse(Map.of("rotation.bytes",
                "lots"))).getMessage().contains("rotation.bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CryptoSettings.parse(Map.of(
                "encryption.onProviderLoss", "panic"))).getMessage().contains("panic"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CryptoSettings.parse(Map.of("handover.seconds",
                0L))).getMessage().contains("handover.seconds"));
    }
}
