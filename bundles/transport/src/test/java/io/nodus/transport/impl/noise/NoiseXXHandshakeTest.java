package io.nodus.transport.impl.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nodus.transport.impl.noise.NoiseXXHandshake.Role;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class NoiseXXHandshakeTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void randomKeysCompleteAndAgree() throws NoiseException {
        NoiseXXHandshake i = handshake(Role.INITIATOR);
        NoiseXXHandshake r = handshake(Role.RESPONDER);
        assertTrue(i.isWriteTurn());
        assertFalse(r.isWriteTurn());
        byte[] m1 = i.writeMessage(new byte[0]);
        assertEquals(32, m1.length);
        r.readMessage(m1, 0, m1.length);
        byte[] p2 = "responder payload".getBytes(StandardCharsets.UTF_8);
        byte[] m2 = r.writeMessage(p2);
        assertEquals(32 + 48 + p2.length + 16, m2.length);
        assertArrayEquals(p2, i.readMessage(m2, 0, m2.length));
        assertArrayEquals(r.localStaticPublicKey(), i.remoteStaticPublicKey());
        byte[] p3 = "initiator payload".getBytes(StandardCharsets.UTF_8);
        byte[] m3 = i.writeMessage(p3);
        assertArrayEquals(p3, r.readMessage(m3, 0, m3.length));
        assertArrayEquals(i.localStaticPublicKey(), r.remoteStaticPublicKey());
        assertTrue(i.isComplete() && r.isComplete());
        NoiseSession si = i.split();
        NoiseSession sr = r.split();
        assertArrayEquals(si.handshakeHash(), sr.handshakeHash());
        byte[] ct = si.sender().encryptWithAd(null, new byte[] {42});
        assertArrayEquals(new byte[] {42}, sr.receiver().decryptWithAd(null, ct, 0, ct.length));
        byte[] back = sr.sender().encryptWithAd(null, new byte[] {7});
        assertArrayEquals(new byte[] {7}, si.receiver().decryptWithAd(null, back, 0, back.length));
    }

    @Test
    void outOfTurnCallsFail() throws NoiseException {
        NoiseXXHandshake r = handshake(Role.RESPONDER);
        assertThrows(NoiseException.class, () -> r.writeMessage(new byte[0]));
        NoiseXXHandshake i = handshake(Role.INITIATOR);
        assertThrows(NoiseException.class, () -> i.readMessage(new byte[32], 0, 32));
        assertThrows(NoiseException.class, () -> i.split());
    }

    @Test
    void tamperedSecondMessageFails() throws NoiseException {
        for (int position : new int[] {0, 40, 90}) {
            NoiseXXHandshake i = handshake(Role.INITIATOR);
            NoiseXXHandshake r = handshake(Role.RESPONDER);
            byte[] m1 = i.writeMessage(new byte[0]);
            r.readMessage(m1, 0, m1.length);
            byte[] m2 = r.writeMessage(new byte[20]);
            m2[position] ^= 0x10;
            assertThrows(NoiseException.class, () -> i.readMessage(m2, 0, m2.length));
            assertThrows(NoiseException.class, () -> i.writeMessage(new byte[0]), "a failed handshake stays failed");
        }
    }

    @Test
    void truncatedMessagesFail() throws NoiseException {
        NoiseXXHandshake r = handshake(Role.RESPONDER);
        NoiseException e = assertThrows(NoiseException.class, () -> r.readMessage(new byte[31], 0, 31));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
        NoiseXXHandshake i = handshake(Role.INITIATOR);
        i.writeMessage(new byte[0]);
        assertThrows(NoiseException.class, () -> i.readMessage(new byte[95], 0, 95));
    }

    @Test
    void lowOrderEphemeralIsRejected() throws NoiseException {
        NoiseXXHandshake i = handshake(Role.INITIATOR);
        NoiseXXHandshake r = handshake(Role.RESPONDER);
        byte[] m1 = i.writeMessage(new byte[0]);
        Arrays.fill(m1, 0, 32, (byte) 0); // the all-zero point: DH output would be zero
        r.readMessage(m1, 0, m1.length);
        NoiseException e = assertThrows(NoiseException.class, () -> r.writeMessage(new byte[0]));
        assertTrue(e.getMessage().contains("low-order"), e.getMessage());
    }

    @Test
    void oversizedPayloadIsRefused() throws NoiseException {
        NoiseXXHandshake i = handshake(Role.INITIATOR);
        assertThrows(NoiseException.class, () -> i.writeMessage(new byte[NoiseXXHandshake.MAX_MESSAGE_LENGTH]));
        NoiseXXHandshake r = handshake(Role.RESPONDER);
        assertThrows(NoiseException.class, () -> r.readMessage(new byte[70000], 0, 70000));
    }

    private NoiseXXHandshake handshake(Role role) {
        return new NoiseXXHandshake(role, new byte[0], new X25519PrivateKeyParameters(random), null, random);
    }
}
