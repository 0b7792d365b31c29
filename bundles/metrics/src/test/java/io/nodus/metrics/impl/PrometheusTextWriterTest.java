package io.nodus.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextWriterTest {

    @Test
    void familiesHaveHelpAndTypeAndKeepTheirSamplesTogether() {
        PrometheusTextWriter w = new PrometheusTextWriter();
        w.gauge("nodus_b", "B things", Map.of("route", "tor"), 2);
        w.counter("nodus_a_total", "A events", 7);
        w.gauge("nodus_b", "B things", Map.of("route", "direct"), 5); // written after another family
        String text = w.render();

        assertEquals("""
                # HELP nodus_a_total A events
                # TYPE nodus_a_total counter
                nodus_a_total 7
                # HELP nodus_b B things
                # TYPE nodus_b gauge
                nodus_b{route="tor"} 2
                nodus_b{route="direct"} 5
                """, text);
        Map<String, ExpositionFormat.Family> parsed = ExpositionFormat.parse(text);
        assertEquals(List.of("nodus_a_total", "nodus_b"), List.copyOf(parsed.keySet()));
        assertEquals(5, parsed.get("nodus_b").value(Map.of("route", "direct")));
    }

    @Test
    void labelsAreSortedAndEscaped() {
        PrometheusTextWriter w = new PrometheusTextWriter();
        w.gauge("nodus_x", "help with \\ and\nnewline", Map.of("z", "a\"b", "a", "c\\d\ne"), 1);
        String text = w.render();
        assertTrue(text.contains("nodus_x{a=\"c\\\\d\\ne\",z=\"a\\\"b\"} 1\n"), text);
        assertTrue(text.contains("# HELP nodus_x help with \\\\ and\\nnewline\n"), text);
        assertEquals(Map.of("a", "c\\d\ne", "z", "a\"b"), ExpositionFormat.parse(text).get("nodus_x").samples().get(0).labels());
    }

    @Test
    void numbersInPrometheusSpelling() {
        assertEquals("3", PrometheusTextWriter.number(3.0));
        assertEquals("-12", PrometheusTextWriter.number(-12));
        assertEquals("0.25", PrometheusTextWriter.number(0.25));
        assertEquals("NaN", PrometheusTextWriter.number(Double.NaN));
        assertEquals("+Inf", PrometheusTextWriter.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusTextWriter.number(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E20", PrometheusTextWriter.number(1e20));
        assertEquals(1e20, Double.parseDouble(PrometheusTextWriter.number(1e20)));
    }

    @Test
    void sameSeriesTwiceKeepsTheLastValue() {
        PrometheusTextWriter w = new PrometheusTextWriter();
        w.gauge("nodus_g", "g", Map.of("k", "v"), 1).gauge("nodus_g", "g", Map.of("k", "v"), 4);
        ExpositionFormat.Family f = ExpositionFormat.parse(w.render()).get("nodus_g");
        assertEquals(1, f.samples().size());
        assertEquals(4, f.value());
    }

    @Test
    void malformedInputIsRefused() {
        PrometheusTextWriter w = new PrometheusTextWriter();
        assertThrows(IllegalArgumentException.class, () -> w.gauge("9starts_with_digit", "h", 1));
        assertThrows(IllegalArgumentException.class, () -> w.gauge("has-dash", "h", 1));
        assertThrows(IllegalArgumentException.class, () -> w.gauge("nodus_ok", "h", Map.of("bad-label", "v"), 1));
        assertThrows(IllegalArgumentException.class, () -> w.gauge("nodus_ok", "h", Map.of("__reserved", "v"), 1));
        assertThrows(IllegalArgumentException.class, () -> w.counter("nodus_events", "counters end in _total", 1));
        w.gauge("nodus_kind", "h", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.counter("nodus_kind", "h", 1));
        assertTrue(e.getMessage().contains("_total") || e.getMessage().contains("gauge"), e.getMessage());
        w.counter("nodus_seen_total", "h", 1);
        IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class, () -> w.gauge("nodus_seen_total", "h", 1));
        assertTrue(conflict.getMessage().contains("is a counter"), conflict.getMessage());
        assertEquals(2, w.familyCount(), "refused samples leave no family behind");
    }
}
