package io.nodus.chat.impl.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.nodus.testkit.TestIdentity;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.ratchet.ChatPrekeys;

/** A published bundle verifies against its owner's peer id, and any change to it is caught. */
class SignedPrekeyBundleTest {

    private final TestIdentity owner = new TestIdentity();
    private final ChatPrekeys prekeys = new ChatPrekeys(owner::sign, new SecureRandom(), Clock.systemUTC(),
            Duration.ofDays(1));
    private final SessionStarter.PeerVerifier verifier = (peer, data, sig) -> peer.extractPublicKeyProtobuf()
            .map(k -> owner.verify(k, data, sig)).orElse(false);
    private final PrekeyBundleMessage bundle = SignedPrekeyBundle.encode(prekeys.publishedBundle(),
            prekeys.identitySignature());

    private static ByteString flipped(ByteString b, int index) {
        byte[] x = b.toByteArray();
        x[index] ^= 0x01;
        return ByteString.copyFrom(x);
    }

    @Test
    void theOwnersBundleVerifies() {
        assertTrue(SignedPrekeyBundle.verify(verifier, owner.peerId(), bundle));
        assertTrue(bundle.getOneTimePrekey().isEmpty(), "a published bundle carries no one-time prekey");
    }

    @Test
    void aTamperedSignedPrekeyIsRejected() {
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(),
                bundle.toBuilder().setSignedPrekey(flipped(bundle.getSignedPrekey(), 5)).build()));
    }

    @Test
    void aTamperedIdentityKeyIsRejected() {
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(),
                bundle.toBuilder().setIdentityKey(flipped(bundle.getIdentityKey(), 0)).build()));
    }

    @Test
    void anotherPrekeyIdIsRejected() {
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(),
                bundle.toBuilder().setSignedPrekeyId(bundle.getSignedPrekeyId() + 1).build()));
    }

    @Test
    void aTamperedSignatureIsRejected() {
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(), bundle.toBuilder()
                .setSignedPrekeySignature(flipped(bundle.getSignedPrekeySignature(), 10)).build()));
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(), bundle.toBuilder()
                .setIdentitySignature(flipped(bundle.getIdentitySignature(), 10)).build()));
    }

    @Test
    void theOwnersBundlePassedOffAsAnotherPeersIsRejected() {
        TestIdentity other = new TestIdentity();
        assertFalse(SignedPrekeyBundle.verify(verifier, other.peerId(), bundle));
    }

    @Test
    void wrongKeySizesAreRejected() {
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(),
                bundle.toBuilder().setSignedPrekey(bundle.getSignedPrekey().substring(1)).build()));
        assertFalse(SignedPrekeyBundle.verify(verifier, owner.peerId(),
                bundle.toBuilder().setOneTimePrekey(ByteString.copyFrom(new byte[7])).build()));
    }
}
