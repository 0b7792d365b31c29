package io.nodus.identity.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The "Test vectors" table of peer-ids.md (libp2p/specs), read as given: row name to protobuf bytes. */
final class SpecKeyVectors {

    static final String ED25519_PRIVATE = "ED25519 private key";
    static final String ED25519_PUBLIC = "ED25519 public key";
    static final String SECP256K1_PRIVATE = "secp256k1 private key";
    static final String SECP256K1_PUBLIC = "secp256k1 public key";
    static final String ECDSA_PRIVATE = "ECDSA private key";
    static final String ECDSA_PUBLIC = "ECDSA public key";
    static final String RSA_PRIVATE = "rsa private key";
    static final String RSA_PUBLIC = "rsa public key";

    private static final Map<String, byte[]> VECTORS = read();

    private SpecKeyVectors() {
    }

    static byte[] get(String row) {
        byte[] v = VECTORS.get(row);
        if (v == null) {
            throw new IllegalStateException("peer-ids.md has no row '" + row + "'");
        }
        return v.clone();
    }

    static Map<String, byte[]> all() {
        return Map.copyOf(VECTORS);
    }

    private static Map<String, byte[]> read() {
        String text;
        try (InputStream in = SpecKeyVectors.class.getResourceAsStream("/vectors/libp2p-specs/peer-ids.md")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*([^|]+?)\\s*\\|\\s*([0-9A-Fa-f]+)\\s*\\|\\s*$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), HexFormat.of().parseHex(m.group(2).toLowerCase()));
        }
        return out;
    }
}
