package io.nodus.identity.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibP2pKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everySpecVectorDecodesAndReEncodesToTheSameBytes() {
        Map<String, byte[]> vectors = SpecKeyVectors.all();
        assertEquals(8, vectors.size());
        for (Map.Entry<String, byte[]> e : vectors.entrySet()) {
            LibP2pKeys.KeyMessage m = LibP2pKeys.decode(e.getValue());
            String expectedType = e.getKey().split(" ")[0].toUpperCase();
            assertEquals(expectedType, m.type().name(), e.getKey());
            assertArrayEquals(e.getValue(), LibP2pKeys.encode(m.type(), m.data()), e.getKey() + " is deterministic");
        }
    }

    @Test
    void specEd25519PublicKeyHasThe32ByteKeyAsData() {
        LibP2pKeys.KeyMessage m = LibP2pKeys.decode(SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC));
        assertEquals(KeyType.ED25519, m.type());
        assertEquals("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e", HEX.formatHex(m.data()));
    }

    @Test
    void multiByteLengthsRoundTrip() {
        byte[] data = new byte[300];
        data[299] = 7;
        byte[] encoded = LibP2pKeys.encode(KeyType.RSA, data);
        assertEquals("080012ac02", HEX.formatHex(encoded, 0, 5));
        assertArrayEquals(data, LibP2pKeys.decode(encoded).data());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'' ; must start with field 1",
        "1202abcd0801 ; must start with field 1",            // Data before Type
        "0804120100 ; unknown libp2p key type 4",
        "0801 ; no Data field",
        "08011a0100 ; must be Data (tag 0x12), not tag 0x1a", // unknown field 3
        "0801120300 ; says 3 bytes but only 1 follow",
        "08011201001a00 ; 2 bytes after the Data field",      // trailing unknown field
        "080112010000 ; 1 bytes after the Data field",
        "0881001200 ; Type is not a minimal varint",
        "0801128000 ; not a minimal varint",
        "080112ffffffff0f ; too large",
        "0801128080808080 ; too long",
        "08011280 ; truncated in Data length",
    })
    void malformedMessagesAreRejectedWithAReason(String hex, String reason) {
        var e = assertThrows(IllegalArgumentException.class, () -> LibP2pKeys.decode(HEX.parseHex(hex)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void oversizedMessagesAreRejected() {
        byte[] big = LibP2pKeys.encode(KeyType.RSA, new byte[LibP2pKeys.MAX_MESSAGE_BYTES]);
        assertThrows(IllegalArgumentException.class, () -> LibP2pKeys.decode(big));
    }

    @Test
    void decodedDataIsACopy() {
        byte[] msg = SpecKeyVectors.get(SpecKeyVectors.ED25519_PUBLIC);
        LibP2pKeys.KeyMessage m = LibP2pKeys.decode(msg);
        m.data()[0] ^= 1;
        msg[4] ^= 1;
        assertEquals(0x1e, m.data()[0] & 0xff);
    }
}
