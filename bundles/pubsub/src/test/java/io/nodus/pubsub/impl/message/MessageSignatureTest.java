package io.nodus.pubsub.impl.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.NodeIdentity;
import io.nodus.api.identity.PeerId;
import io.nodus.pubsub.PubSubFixture;
import io.nodus.pubsub.impl.proto.RpcProto.Message;

/** StrictSign on both sides (pubsub spec, "Message Signing"), with real Ed25519 node identities. */
class MessageSignatureTest {

    @TempDir
    Path dir;

    private NodeIdentity alice;
    private NodeIdentity bob;
    private MessageValidator validator;

    @BeforeEach
    void identities() {
        PubSubFixture fixture = new PubSubFixture(dir);
        alice = fixture.identity();
        bob = fixture.identity();
        validator = new MessageValidator(alice::verify);
    }

    @Test
    void signedMessageCarriesOriginStampAndVerifies() throws InvalidMessageException {
        Message m = new MessageSigner(alice).sign("news", "hi".getBytes(StandardCharsets.UTF_8));

        assertEquals(alice.peerId(), PeerId.fromBytes(m.getFrom().toByteArray()));
        assertEquals(8, m.getSeqno().size());
        assertFalse(m.hasKey(), "an Ed25519 key is inlined in the peer ID, so no key field");
        assertEquals(alice.peerId(), validator.validate(m));
        byte[] unsigned = m.toBuilder().clearSignature().build().toByteArray();
        byte[] expected = ByteBuffer.allocate(14 + unsigned.length)
                .put("libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII)).put(unsigned).array();
        assertArrayEquals(expected, MessageSigner.signedBytes(m));
        assertTrue(alice.verify(alice.publicKeyProtobuf(), expected, m.getSignature().toByteArray()),
                "the signature is over the prefix and the message without signature");
    }

    @Test
    void seqnosStrictlyIncrease() {
        MessageSigner signer = new MessageSigner(alice);
        long previous = seqno(signer.sign("t", new byte[0]));
        for (int i = 0; i < 100; i++) {
            long next = seqno(signer.sign("t", new byte[0]));
            assertTrue(Long.compareUnsigned(next, previous) > 0);
            previous = next;
        }
    }

    @Test
    void keyFieldMatchingFromIsAccepted() throws InvalidMessageException {
        Message m = new MessageSigner(alice).sign("news", new byte[] {1});
        Message withKey = m.toBuilder().setKey(ByteString.copyFrom(alice.publicKeyProtobuf())).build();
        assertEquals(alice.peerId(), validator.validate(withKey), "js-libp2p always sends the key");
    }

    @Test
    void badSignatureIsRejected() {
        Message m = new MessageSigner(alice).sign("news", new byte[] {1, 2, 3});
        byte[] sig = m.getSignature().toByteArray();
        sig[10] ^= 1;
        assertInvalid("bad signature", m.toBuilder().setSignature(ByteString.copyFrom(sig)).build());
        assertInvalid("bad signature", m.toBuilder().setData(ByteString.copyFrom(new byte[] {1, 2, 4})).build());
        assertInvalid("bad signature", m.toBuilder().setTopic("other").build());
    }

    @Test
    void wrongKeyIsRejected() {
        Message m = new MessageSigner(alice).sign("news", new byte[] {1});
        assertInvalid("key does not match from", m.toBuilder().setKey(ByteString.copyFrom(bob.publicKeyProtobuf()))
                .build());
        assertInvalid("bad signature", m.toBuilder().setFrom(ByteString.copyFrom(bob.peerId().toBytes())).build());
    }

    @Test
    void missingOriginStampOrSignatureIsRejected() {
        Message m = new MessageSigner(alice).sign("news", new byte[] {1});
        assertInvalid("no seqno", m.toBuilder().clearSeqno().build());
        assertInvalid("seqno of 4 bytes, not 8", m.toBuilder().setSeqno(ByteString.copyFrom(new byte[4])).build());
        assertInvalid("no from", m.toBuilder().clearFrom().build());
        assertInvalid("no signature", m.toBuilder().clearSignature().build());
        assertInvalid("no topic", m.toBuilder().clearTopic().build());
        assertInvalid("from is not a peer ID", m.toBuilder().setFrom(ByteString.copyFromUtf8("nonsense")).build());
    }

    @Test
    void hashedPeerIdWithoutKeyIsRejected() {
        byte[] key = new byte[5 + 300]; // PublicKey { Type = RSA (0), Data = 300 bytes }: too long to inline
        System.arraycopy(new byte[] {0x08, 0x00, 0x12, (byte) 0xac, 0x02}, 0, key, 0, 5);
        PeerId hashed = PeerId.fromPublicKeyProtobuf(key);
        assertFalse(hashed.isIdentityHash());
        Message m = new MessageSigner(alice).sign("news", new byte[] {1}).toBuilder()
                .setFrom(ByteString.copyFrom(hashed.toBytes())).build();
        assertInvalid("no key, and from does not inline one", m);
    }

    private void assertInvalid(String reason, Message m) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> validator.validate(m));
        assertTrue(e.getMessage().startsWith(reason), "expected '" + reason + "', got '" + e.getMessage() + "'");
    }

    private static long seqno(Message m) {
        return ByteBuffer.wrap(m.getSeqno().toByteArray()).getLong();
    }
}
