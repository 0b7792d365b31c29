package io.nodus.transport.impl.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultistreamMessagesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesTheSpecExamples() {
        // multistream-select README: "na" is 0x036e610a and "ls" is 0x036c730a.
        assertEquals("036e610a", HEX.formatHex(MultistreamMessages.encode("na")));
        assertEquals("036c730a", HEX.formatHex(MultistreamMessages.encode("ls")));
        byte[] header = MultistreamMessages.encode("/multistream/1.0.0");
        assertEquals(19, header[0]);
        assertEquals('\n', header[header.length - 1]);
    }

    @Test
    void usesTwoByteVarintForLongMessages() throws IOException {
        String text = "/" + "a".repeat(199);
        byte[] encoded = MultistreamMessages.encode(text);
        assertEquals(0xc9, encoded[0] & 0xff); // 201 = 0xc9 0x01
        assertEquals(0x01, encoded[1]);
        assertEquals(text, MultistreamMessages.decode(Unpooled.wrappedBuffer(encoded)));
    }

    @Test
    void decodeWaitsForCompleteMessageWithoutConsuming() throws IOException {
        byte[] encoded = MultistreamMessages.encode("/multistream/1.0.0", "/noise");
        ByteBuf buf = Unpooled.buffer();
        List<String> decoded = new java.util.ArrayList<>();
        for (byte b : encoded) {
            buf.writeByte(b);
            int before = buf.readerIndex();
            String message = MultistreamMessages.decode(buf);
            if (message == null) {
                assertEquals(before, buf.readerIndex());
            } else {
                decoded.add(message);
            }
        }
        assertEquals(List.of("/multistream/1.0.0", "/noise"), decoded);
        assertEquals(0, buf.readableBytes());
    }

    @Test
    void rejectsMessageLongerThanLimit() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x81).writeByte(0x08); // 1025
        MultistreamException e = assertThrows(MultistreamException.class, () -> MultistreamMessages.decode(buf));
        assertTrue(e.getMessage().contains("exceeds 1024"), e.getMessage());
    }

    @Test
    void acceptsMessageOfExactlyTheLimit() throws IOException {
        String text = "/" + "x".repeat(MultistreamMessages.MAX_MESSAGE_LENGTH - 2);
        assertEquals(text, MultistreamMessages.decode(Unpooled.wrappedBuffer(MultistreamMessages.encode(text))));
        assertThrows(IllegalArgumentException.class, () -> MultistreamMessages.encode(text + "x"));
    }

    @Test
    void rejectsThreeByteVarintBeforeItsBodyArrives() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, 0x01});
        assertThrows(MultistreamException.class, () -> MultistreamMessages.decode(buf));
    }

    @Test
    void rejectsNonMinimalVarintEmptyMessageMissingNewlineAndBadUtf8() {
        assertDecodeFails(new byte[] {(byte) 0x83, 0x00, 'n', 'a', '\n'}, "minimal");
        assertDecodeFails(new byte[] {0x00}, "empty");
        assertDecodeFails(new byte[] {0x02, 'n', 'a'}, "newline");
        assertDecodeFails(new byte[] {0x03, (byte) 0xc3, 0x28, '\n'}, "UTF-8");
    }

    @Test
    void encodesListAsNestedMessages() throws IOException {
        byte[] list = MultistreamMessages.encodeList(List.of("/a", "/bc"));
        // body: 03 "/a\n" 04 "/bc\n" "\n" = 4 + 5 + 1 = 10 bytes
        assertEquals("0a032f610a042f62630a0a", HEX.formatHex(list));
    }

    @Test
    void readConsumesExactlyOneMessage() throws IOException {
        byte[] bytes = concat(MultistreamMessages.encode("/noise"), "rest".getBytes(StandardCharsets.UTF_8));
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        assertEquals("/noise", MultistreamMessages.read(in));
        assertArrayEquals("rest".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }

    @Test
    void readReportsTruncationAsTypedException() {
        byte[] full = MultistreamMessages.encode("/multistream/1.0.0");
        for (int cut = 0; cut < full.length; cut++) {
            ByteArrayInputStream in = new ByteArrayInputStream(java.util.Arrays.copyOf(full, cut));
            MultistreamException e = assertThrows(MultistreamException.class, () -> MultistreamMessages.read(in));
            assertTrue(e.getMessage().contains("ended"), e.getMessage());
        }
    }

    private static void assertDecodeFails(byte[] bytes, String reason) {
        MultistreamException e = assertThrows(MultistreamException.class,
                () -> MultistreamMessages.decode(Unpooled.wrappedBuffer(bytes)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        MultistreamException e2 = assertThrows(MultistreamException.class,
                () -> MultistreamMessages.read(new ByteArrayInputStream(bytes)));
        assertTrue(e2.getMessage().contains(reason), e2.getMessage());
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
