package io.nodus.gui.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.nodus.api.ml.RoundMetrics;

class JsonTest {

    @Test
    void escapesWhatCouldBreakOutOfAStringOrAScript() {
        assertEquals("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0026\\u0001\"", Json.write("a\"b\\c\n</script>&\u0001"));
    }

    @Test
    void writesMapsListsNumbersAndSpecialValues() {
        Map<String, Object> m = Json.object().with("n", 3).with("d", 0.5).with("nan", Double.NaN).with("b", true)
                .with("none", null).with("list", List.of(1, "x")).with("at", Instant.ofEpochMilli(42))
                .with("opt", Optional.empty());
        assertEquals("{\"n\":3,\"d\":0.5,\"nan\":null,\"b\":true,\"none\":null,\"list\":[1,\"x\"],\"at\":42,"
                + "\"opt\":null}", Json.write(m));
    }

    @Test
    void recordsBecomeObjectsInComponentOrder() {
        assertEquals("{\"round\":2,\"participants\":3,\"accuracy\":0.75,\"loss\":0.5,\"bytesSent\":10,"
                + "\"bytesReceived\":20,\"roundMillis\":30}", Json.write(new RoundMetrics(2, 3, 0.75, 0.5, 10, 20, 30)));
    }

    @Test
    void enumsAreLowerCase() {
        assertEquals("\"read\"", Json.write(io.nodus.api.chat.ChatMessage.Status.READ));
    }

    @Test
    void refusesACycle() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThrows(IllegalArgumentException.class, () -> Json.write(loop));
    }
}
