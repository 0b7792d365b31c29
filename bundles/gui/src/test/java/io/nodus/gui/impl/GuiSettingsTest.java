package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class GuiSettingsTest {

    @Test
    void defaultsAreLoopbackAndARememberedPort() {
        GuiSettings s = GuiSettings.from(Map.of(), k -> null);
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(0, s.port());
        assertEquals(GuiSettings.defaults(), s);
    }

    @Test
    void configurationBeatsFrameworkPropertiesWhichBeatDefaults() {
        Map<String, String> fw = Map.of("nodus.gui.bindAddress", "0.0.0.0", "nodus.gui.port", "8844");
        GuiSettings s = GuiSettings.from(Map.of("port", 9000), fw::get);
        assertEquals("0.0.0.0", s.bindAddress());
        assertEquals(9000, s.port());
    }

    @Test
    void refusesValuesOutOfRangeNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuiSettings.from(Map.of("port", "70000"), k -> null));
        assertTrue(e.getMessage().startsWith("port:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GuiSettings.from(Map.of("maxFileBytes", "x"), k -> null));
        assertThrows(IllegalArgumentException.class, () -> GuiSettings.from(Map.of("bindAddress", "a b"), k -> null));
    }
}
