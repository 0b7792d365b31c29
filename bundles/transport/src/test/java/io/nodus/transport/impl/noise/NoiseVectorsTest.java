package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nodus.transport.impl.noise.NoiseXXHandshake.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs every Noise_XX_25519_ChaChaPoly_SHA256 vector of the three public vector files, message by message. */
class NoiseVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @ValueSource(strings = {
        "cacophony_Noise_XX_25519_SHA256.json",
        "snow_Noise_XX_25519_SHA256.json",
        "noise-c-basic_Noise_XX_25519_SHA256.json"})
    void vectorFileRunsAllChaChaPolyVectors(String file) throws IOException {
        List<Map<String, Object>> vectors = load(file);
        int run = 0;
        for (Map<String, Object> v : vectors) {
            String name = (String) (v.containsKey("protocol_name") ? v.get("protocol_name") : v.get("name"));
            if (!NoiseXXHandshake.PROTOCOL_NAME.equals(name)) {
                continue; // the AESGCM entries: libp2p Noise has the ChaChaPoly suite only
            }
            runVector(file, v);
            run++;
        }
        assertEquals(1, run, "ChaChaPoly vectors in " + file);
    }

    @SuppressWarnings("unchecked")
    private static void runVector(String file, Map<String, Object> v) throws NoiseException {
        NoiseXXHandshake initiator = new NoiseXXHandshake(Role.INITIATOR, hex(v, "init_prologue"),
                key(v, "init_static"), key(v, "init_ephemeral"), new SecureRandom());
        NoiseXXHandshake responder = new NoiseXXHandshake(Role.RESPONDER, hex(v, "resp_prologue"),
                key(v, "resp_static"), key(v, "resp_ephemeral"), new SecureRandom());
        List<Map<String, Object>> messages = (List<Map<String, Object>>) v.get("messages");
        assertTrue(messages.size() >= 5, file + ": messages");
        NoiseSession initSession = null;
        NoiseSession respSession = null;
        for (int i = 0; i < messages.size(); i++) {
            byte[] payload = hex(messages.get(i), "payload");
            byte[] expected = hex(messages.get(i), "ciphertext");
            // Messages alternate initiator, responder, initiator, ... through the transport phase too.
            boolean fromInitiator = i % 2 == 0;
            byte[] ciphertext;
            byte[] decrypted;
            if (i < 3) {
                NoiseXXHandshake writer = fromInitiator ? initiator : responder;
                NoiseXXHandshake reader = fromInitiator ? responder : initiator;
                ciphertext = writer.writeMessage(payload);
                assertArrayEquals(expected, ciphertext, file + ": handshake message " + i);
                decrypted = reader.readMessage(ciphertext, 0, ciphertext.length);
                if (i == 2) {
                    initSession = initiator.split();
                    respSession = responder.split();
                }
            } else {
                CipherState out = fromInitiator ? initSession.sender() : respSession.sender();
                CipherState in = fromInitiator ? respSession.receiver() : initSession.receiver();
                ciphertext = out.encryptWithAd(new byte[0], payload);
                assertArrayEquals(expected, ciphertext, file + ": transport message " + i);
                decrypted = in.decryptWithAd(new byte[0], ciphertext, 0, ciphertext.length);
            }
            assertArrayEquals(payload, decrypted, file + ": payload of message " + i);
        }
        assertNotNull(initSession);
        assertArrayEquals(initSession.handshakeHash(), respSession.handshakeHash());
        if (v.containsKey("handshake_hash")) {
            assertArrayEquals(hex(v, "handshake_hash"), initSession.handshakeHash(), file + ": handshake hash");
        }
        assertArrayEquals(key(v, "resp_static").generatePublicKey().getEncoded(), initiator.remoteStaticPublicKey());
        assertArrayEquals(key(v, "init_static").generatePublicKey().getEncoded(), responder.remoteStaticPublicKey());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(String file) throws IOException {
        try (InputStream in = NoiseVectorsTest.class.getResourceAsStream("/vectors/noise/" + file)) {
            assertNotNull(in, file);
            Map<String, Object> root = (Map<String, Object>) TestJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("vectors");
        }
    }

    private static byte[] hex(Map<String, Object> map, String field) {
        return HEX.parseHex((String) map.get(field));
    }

    private static X25519PrivateKeyParameters key(Map<String, Object> map, String field) {
        return new X25519PrivateKeyParameters(hex(map, field));
    }
}
