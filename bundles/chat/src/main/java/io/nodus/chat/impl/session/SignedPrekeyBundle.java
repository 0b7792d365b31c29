package io.nodus.chat.impl.session;

import com.google.protobuf.ByteString;

import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.PrekeyBundleMessage;
import io.nodus.chat.impl.ratchet.ChatPrekeys;
import io.nodus.chat.impl.ratchet.PrekeyBundle;
import io.nodus.chat.impl.ratchet.X25519KeyPair;

/**
 * A prekey bundle on the wire and its check (X3DH section 3.2: Bob publishes IK_B, SPK_B and Sig(IK_B, Encode(SPK_B));
 * Alice verifies the signature and aborts when it fails). Here the node's Ed25519 identity, the key inlined in its
 * peer ID, signs both the X25519 identity key and the signed prekey, so a bundle from any source (the peer itself or
 * a relay) is checked against the peer ID alone.
 */
public final class SignedPrekeyBundle {

    /** Longest signature accepted (Ed25519 signatures are 64 bytes). */
    static final int MAX_SIGNATURE_BYTES = 128;

    private SignedPrekeyBundle() {
    }

    /** The wire form of one of our bundles. */
    public static PrekeyBundleMessage encode(PrekeyBundle b, byte[] identitySignature) {
        return PrekeyBundleMessage.newBuilder().setIdentityKey(ByteString.copyFrom(b.identityKey()))
                .setIdentitySignature(ByteString.copyFrom(identitySignature))
                .setSignedPrekeyId(b.signedPrekeyId()).setSignedPrekey(ByteString.copyFrom(b.signedPrekey()))
                .setSignedPrekeySignature(ByteString.copyFrom(b.signature()))
                .setOneTimeId(b.oneTimeId()).setOneTimePrekey(ByteString.copyFrom(b.oneTimePrekey())).build();
    }

    /** True when the keys have their sizes and both signatures verify under {@code owner}'s identity. */
    public static boolean verify(SessionStarter.PeerVerifier verifier, PeerId owner, PrekeyBundleMessage b) {
        byte[] ik = b.getIdentityKey().toByteArray();
        byte[] spk = b.getSignedPrekey().toByteArray();
        if (ik.length != X25519KeyPair.KEY_BYTES || spk.length != X25519KeyPair.KEY_BYTES
                || !b.getOneTimePrekey().isEmpty() && b.getOneTimePrekey().size() != X25519KeyPair.KEY_BYTES
                || b.getIdentitySignature().size() > MAX_SIGNATURE_BYTES
                || b.getSignedPrekeySignature().size() > MAX_SIGNATURE_BYTES) {
            return false;
        }
        return verifier.verify(owner, ChatPrekeys.identityBindingData(ik), b.getIdentitySignature().toByteArray())
                && verifier.verify(owner, ChatPrekeys.bundleSignedData(ik, b.getSignedPrekeyId(), spk),
                        b.getSignedPrekeySignature().toByteArray());
    }
}
