package io.nodus.api.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The protocol constants in code agree with multiformats/multiaddr protocols.csv (code, size, name). */
class MultiaddrProtocolTableTest {

    private record Row(int code, String size, String name) {
    }

    @Test
    void everySupportedProtocolMatchesTheCsv() throws IOException {
        Map<String, Row> csv = readCsv();
        for (MultiaddrProtocol p : MultiaddrProtocol.values()) {
            Row row = csv.get(p.protocolName);
            assertNotNull(row, p.protocolName + " is in protocols.csv");
            assertEquals(row.code, p.code, p.protocolName + " code");
            String size = p.sizeBits == MultiaddrProtocol.Size.VARIABLE ? "V" : Integer.toString(p.sizeBits);
            assertEquals(row.size, size, p.protocolName + " size");
        }
    }

    @Test
    void ipfsIsAnAliasOfP2pWithTheSameCode() throws IOException {
        assertEquals(readCsv().get("ipfs").code, MultiaddrProtocol.P2P.code);
        assertSame(MultiaddrProtocol.P2P, MultiaddrProtocol.byName("ipfs"));
    }

    private static Map<String, Row> readCsv() throws IOException {
        List<String> lines;
        try (InputStream in = MultiaddrProtocolTableTest.class.getResourceAsStream(
                "/vectors/multiformats/multiaddr-protocols.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Map<String, Row> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", 4);
            Row row = new Row(Integer.parseInt(cells[0].strip()), cells[1].strip(), cells[2].strip());
            out.put(row.name, row);
        }
        return out;
    }
}
