package io.nodus.api.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.nodus.api.codec.ByteCursor;

/**
 * Runs every scenario of multiformats/multiaddr {@code test/multiaddr.feature} as given. Each step is interpreted
 * here; an unknown step fails the scenario, so a new kind of step cannot pass unnoticed.
 */
class MultiaddrFeatureTest {

    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> everyScenario() throws IOException {
        List<Scenario> scenarios = readScenarios();
        assertFalse(scenarios.isEmpty(), "the feature file has scenarios");
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.name, () -> run(s)));
    }

    private static void run(Scenario s) {
        Multiaddr addr = null;
        for (int i = 0; i < s.steps.size(); i++) {
            String step = s.steps.get(i);
            if (step.startsWith("the multiaddr ")) {
                String given = step.substring("the multiaddr ".length());
                addr = given.startsWith("0x") ? Multiaddr.fromBytes(HEX.parseHex(given.substring(2)))
                        : Multiaddr.parse(given);
                if (given.startsWith("0x")) {
                    assertArrayEquals(HEX.parseHex(given.substring(2)), addr.toBytes(), "bytes survive");
                } else {
                    assertEquals(given, addr.toString(), "text survives");
                }
            } else if (step.startsWith("the packed form is 0x")) {
                assertEquals(step.substring("the packed form is 0x".length()), HEX.formatHex(addr.toBytes()));
            } else if (step.startsWith("the packed size is ")) {
                assertEquals(step, "the packed size is " + addr.toBytes().length + " bytes");
            } else if (step.startsWith("the string form is ")) {
                assertEquals(step.substring("the string form is ".length()), addr.toString());
            } else if (step.startsWith("the string size is ")) {
                assertEquals(step, "the string size is "
                        + addr.toString().getBytes(StandardCharsets.UTF_8).length + " bytes");
            } else if (step.equals("the components are:")) {
                checkComponents(addr, s.tables.get(i));
            } else {
                fail("unknown step in scenario '" + s.name + "': " + step);
            }
        }
    }

    private static void checkComponents(Multiaddr addr, List<Map<String, String>> rows) {
        List<Multiaddr.Component> components = addr.components();
        assertEquals(rows.size(), components.size(), "component count");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Multiaddr.Component c = components.get(i);
            Multiaddr single = Multiaddr.parse(c.toString());
            MultiaddrProtocol protocol = MultiaddrProtocol.require(c.protocol());
            byte[] packed = single.toBytes();
            byte[] codeVarint = ByteCursor.varint(protocol.code);
            ByteCursor in = new ByteCursor(packed);
            assertEquals(protocol.code, in.readVarint("code"));
            if (protocol.sizeBits == MultiaddrProtocol.Size.VARIABLE) {
                assertEquals(in.remaining() - 1, in.readVarint("length")); // the feature's values are < 128 bytes
            }
            byte[] raw = in.readBytes(in.remaining(), "value");
            for (Map.Entry<String, String> cell : row.entrySet()) {
                String v = cell.getValue();
                switch (cell.getKey()) {
                    case "string" -> assertEquals(v, c.toString());
                    case "stringSize" -> assertEquals(Integer.parseInt(v), c.toString().length());
                    case "packed" -> assertEquals(v, "0x" + HEX.formatHex(packed));
                    case "packedSize" -> assertEquals(Integer.parseInt(v), packed.length);
                    case "value" -> assertEquals(v, c.value());
                    case "valueSize" -> assertEquals(Integer.parseInt(v), raw.length);
                    case "protocol" -> assertEquals(v, c.protocol());
                    case "codec" -> assertEquals(Integer.parseInt(v), protocol.code);
                    case "uvarint" -> assertEquals(v, "0x" + HEX.formatHex(codeVarint));
                    case "lengthPrefix" -> assertEquals(v.isEmpty(),
                            protocol.sizeBits != MultiaddrProtocol.Size.VARIABLE,
                            "length prefix present exactly for variable-size protocols");
                    case "rawValue" -> assertEquals(v, "0x" + HEX.formatHex(raw));
                    default -> fail("unknown column " + cell.getKey());
                }
            }
        }
    }

    private record Scenario(String name, List<String> steps, Map<Integer, List<Map<String, String>>> tables) {
    }

    /** A small Gherkin reader: Scenario lines, Given/Then/And steps, and pipe tables following a step. */
    private static List<Scenario> readScenarios() throws IOException {
        List<String> lines;
        try (InputStream in = MultiaddrFeatureTest.class.getResourceAsStream(
                "/vectors/multiformats/multiaddr-test.feature")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).toList();
        }
        List<Scenario> out = new ArrayList<>();
        Scenario current = null;
        List<String> header = null;
        for (String line : lines) {
            if (line.startsWith("Scenario:")) {
                current = new Scenario(line.substring("Scenario:".length()).strip(), new ArrayList<>(),
                        new LinkedHashMap<>());
                out.add(current);
                header = null;
            } else if (current != null && line.startsWith("|")) {
                List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::strip).toList();
                if (header == null) {
                    header = cells;
                } else {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        row.put(header.get(i), cells.get(i));
                    }
                    current.tables.computeIfAbsent(current.steps.size() - 1, k -> new ArrayList<>()).add(row);
                }
            } else if (current != null && line.matches("^(Given|Then|And|When) .*")) {
                current.steps.add(line.substring(line.indexOf(' ') + 1));
                header = null;
            }
        }
        return out;
    }
}
