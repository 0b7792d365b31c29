package io.nodus.api.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Peer IDs of the spec's public-key test vectors. The spec lists keys only; these IDs are published by
     * go-libp2p (p2p/http/auth/internal/handshake/handshake_test.go, Ed25519) and rust-libp2p
     * (identity/src/keypair.rs keypair_from_protobuf_encoding, RSA), and by several independent ports for
     * secp256k1 and ECDSA; each is also consistent with the sha2-256/identity rule checked below.
     */
    private static final Map<String, String> SPEC_KEY_IDS = Map.of(
            "ED25519 public key", "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq",
            "secp256k1 public key", "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY",
            "ECDSA public key", "QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk",
            "rsa public key", "QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG");

    @Test
    void specKeyVectorsGiveTheirPeerIds() throws IOException {
        Map<String, byte[]> vectors = specKeyVectors();
        assertEquals(8, vectors.size(), "peer-ids.md lists 4 key pairs");
        for (Map.Entry<String, String> e : SPEC_KEY_IDS.entrySet()) {
            byte[] key = vectors.get(e.getKey());
            PeerId id = PeerId.fromPublicKeyProtobuf(key);
            assertEquals(e.getValue(), id.toString(), e.getKey());
            assertEquals(key.length <= PeerId.MAX_INLINE_KEY_LENGTH, id.isIdentityHash(), e.getKey());
            if (id.isIdentityHash()) {
                assertArrayEquals(key, id.extractPublicKeyProtobuf().orElseThrow(), e.getKey());
            } else {
                byte[] expected = concat(new byte[] {0x12, 0x20}, sha256(key));
                assertArrayEquals(expected, id.toBytes(), e.getKey());
                assertEquals(Optional.empty(), id.extractPublicKeyProtobuf());
            }
            assertEquals(id, PeerId.parse(id.toString()));
            assertEquals(id, PeerId.parse(id.toCidString()));
            assertEquals(id, PeerId.fromBytes(id.toBytes()));
        }
    }

    @Test
    void specExamplesParse() throws IOException {
        String spec = specText();
        List<String> examples = Pattern.compile("- `([^`]+)` -- Peer ID").matcher(spec).results()
                .map(m -> m.group(1)).toList();
        assertEquals(3, examples.size(), "peer-ids.md \"Decoding\" has three examples");
        PeerId cid = PeerId.parse(examples.get(0));
        PeerId legacy = PeerId.parse(examples.get(1));
        PeerId ed25519 = PeerId.parse(examples.get(2));
        assertEquals(legacy, cid, "the CID example and the Qm example are the same sha256 peer ID");
        assertEquals(examples.get(0), cid.toCidString());
        assertEquals(examples.get(1), cid.toString());
        assertFalse(cid.isIdentityHash());
        assertEquals(examples.get(2), ed25519.toString());
        assertTrue(ed25519.isIdentityHash());
        byte[] key = ed25519.extractPublicKeyProtobuf().orElseThrow();
        assertEquals("08011220", HEX.formatHex(key, 0, 4), "an inlined Ed25519 PublicKey message");
        assertEquals(ed25519, PeerId.fromPublicKeyProtobuf(key));
        assertEquals(ed25519, PeerId.parse(ed25519.toCidString()));
    }

    /** Other multibase CIDv1 spellings (from go-multiaddr's p2p tests) resolve to the same IDs. */
    @ParameterizedTest
    @CsvSource({
        "k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7, QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm, QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs, 12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
        "bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u, 12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    })
    void multibaseCidsParse(String cid, String base58) {
        assertEquals(base58, PeerId.parse(cid).toString());
    }

    @Test
    void zPrefixedCidParses() {
        PeerId id = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
        byte[] cid = concat(new byte[] {0x01, 0x72}, id.toBytes());
        assertEquals(id, PeerId.parse("z" + BaseN.BASE58_BTC.encode(cid)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'' ; empty peer ID",
        "xyz ; neither a base58btc multihash",
        "Qm0OIl ; invalid base58btc character '0'",
        "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK ; multihash length field says",
        "QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY ; multihash length field says 33 bytes but 32 follow",
        "k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z ; is not libp2p-key (0x72)",
        "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxE ; invalid base32 (lowercase) character 'E'",
        "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqx ; ",
        "BAFZBEIE5745RPV2M6TJYUUGYWY4D5EWRQGQQHFNF445HE3OMZPJBX5XQXE ; neither a base58btc multihash",
        "bciqj55x3d4nu5tp2mp7eobigbhrxjosodaqbzk2rhtdazlsxyikmlga ; CID version 18 (peer IDs as CIDs must be CIDv1)",
    })
    void invalidTextIsRejectedWithAReason(String text, String reason) {
        var e = assertThrows(IllegalArgumentException.class, () -> PeerId.parse(text));
        assertTrue(e.getMessage().contains(reason == null ? "" : reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid peer ID") || text.isEmpty(), e.getMessage());
    }

    @Test
    void overlongTextIsRejectedBeforeDecoding() {
        var e = assertThrows(IllegalArgumentException.class, () -> PeerId.parse("Qm" + "a".repeat(500)));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                        // nothing
        "1220",                    // sha2-256 without digest
        "11140000000000000000000000000000000000000000", // sha1: not a peer-ID hash
        "0000",                    // empty identity digest: no key message
        "00040801120100",          // identity whose key message lies about its Data length
        "0003080112",              // identity key message without Data length
        "000412000800",            // fields out of order
        "8012200000000000000000000000000000000000000000000000000000000000000000", // non-minimal varint code
    })
    void invalidMultihashesAreRejected(String hex) {
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(HEX.parseHex(hex)));
    }

    @Test
    void identityDigestLongerThanTheInlineLimitIsRejected() {
        byte[] key = concat(HEX.parseHex("0800122a"), new byte[42]); // a 46-byte key message
        byte[] mh = concat(new byte[] {0x00, (byte) key.length}, key);
        var e = assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(mh));
        assertTrue(e.getMessage().contains("at most 42"), e.getMessage());
        assertFalse(PeerId.fromPublicKeyProtobuf(key).isIdentityHash(), "such a key is hashed instead");
    }

    @Test
    void keyMessageBoundaryIs42Bytes() throws Exception {
        byte[] at = concat(HEX.parseHex("08001226"), new byte[38]);  // 42 bytes
        byte[] over = concat(HEX.parseHex("08001227"), new byte[39]); // 43 bytes
        assertTrue(PeerId.fromPublicKeyProtobuf(at).isIdentityHash());
        assertArrayEquals(concat(new byte[] {0x00, 42}, at), PeerId.fromPublicKeyProtobuf(at).toBytes());
        assertFalse(PeerId.fromPublicKeyProtobuf(over).isIdentityHash());
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromPublicKeyProtobuf(HEX.parseHex("0801")));
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromPublicKeyProtobuf(new byte[0]));
    }

    @Test
    void valueSemantics() {
        PeerId a = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        PeerId b = PeerId.parse(a.toCidString());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
        byte[] bytes = a.toBytes();
        bytes[5] ^= 1;
        assertEquals(b, a, "toBytes returns a copy");
        a.extractPublicKeyProtobuf().orElseThrow()[0] = 0;
        assertEquals(b.extractPublicKeyProtobuf().get()[0], a.extractPublicKeyProtobuf().get()[0]);
    }

    private static Map<String, byte[]> specKeyVectors() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*([^|]+?)\\s*\\|\\s*([0-9A-Fa-f]+)\\s*\\|\\s*$").matcher(specText());
        while (m.find()) {
            out.put(m.group(1), HEX.parseHex(m.group(2).toLowerCase()));
        }
        return out;
    }

    private static String specText() throws IOException {
        try (InputStream in = PeerIdTest.class.getResourceAsStream("/vectors/libp2p-specs/peer-ids.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
