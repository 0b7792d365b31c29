package io.nodus.chat.impl.ratchet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The X3DH key agreement (Signal, "The X3DH Key Agreement Protocol", revision 1), with X25519 and SHA-256. Identity
 * keys here are X25519 keys of their own, signed together with the signed prekey by the node's Ed25519 identity
 * (instead of XEdDSA over one key used for both; see {@link ChatPrekeys}).
 * <ul>
 * <li>section 3.3: DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B) when a
 * one-time prekey was given; SK = KDF(DH1 || DH2 || DH3 [|| DH4]);</li>
 * <li>section 2.2: KDF is HKDF-SHA256 over F || KM with F = 32 bytes 0xFF, a zero salt of hash length, and an
 * application-specific info;</li>
 * <li>AD = Encode(IK_A) || Encode(IK_B), plus (our addition) both peer IDs so the session is bound to them.</li>
 * </ul>
 */
public final class X3dh {

    public static final byte[] INFO = "nodus-chat/x3dh".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;

    private X3dh() {
    }

    /** The shared secret SK and the associated data AD both sides feed into the Double Ratchet. */
    public record Agreement(byte[] sharedKey, byte[] associatedData) {
        public void destroy() {
            Arrays.fill(sharedKey, (byte) 0);
        }
    }

    /** Alice's side (section 3.3), with her ephemeral key pair {@code ek}; {@code opkB} may be null. */
    public static Agreement initiate(X25519KeyPair ikA, X25519KeyPair ek, byte[] ikB, byte[] spkB, byte[] opkB,
            byte[] peerA, byte[] peerB) throws RatchetException {
        byte[] dh1 = ikA.agree(spkB);
        byte[] dh2 = ek.agree(ikB);
        byte[] dh3 = ek.agree(spkB);
        byte[] dh4 = opkB == null ? null : ek.agree(opkB);
        return agreement(dh1, dh2, dh3, dh4, ikA.publicKeyRef(), ikB, peerA, peerB);
    }

    /** Bob's side (section 3.4): the same four DH values from his private keys; {@code opkB} may be null. */
    public static Agreement respond(X25519KeyPair ikB, X25519KeyPair spkB, X25519KeyPair opkB, byte[] ikA,
            byte[] ekA, byte[] peerA, byte[] peerB) throws RatchetException {
        byte[] dh1 = spkB.agree(ikA);
        byte[] dh2 = ikB.agree(ekA);
        byte[] dh3 = spkB.agree(ekA);
        byte[] dh4 = opkB == null ? null : opkB.agree(ekA);
        return agreement(dh1, dh2, dh3, dh4, ikA, ikB.publicKeyRef(), peerA, peerB);
    }

    private static Agreement agreement(byte[] dh1, byte[] dh2, byte[] dh3, byte[] dh4, byte[] ikA, byte[] ikB,
            byte[] peerA, byte[] peerB) {
        ByteArrayOutputStream km = new ByteArrayOutputStream();
        byte[] f = new byte[X25519KeyPair.KEY_BYTES];
        Arrays.fill(f, (byte) 0xFF);
        km.writeBytes(f);
        km.writeBytes(dh1);
        km.writeBytes(dh2);
        km.writeBytes(dh3);
        if (dh4 != null) {
            km.writeBytes(dh4);
        }
        byte[] ikm = km.toByteArray();
        byte[] sk = RatchetKdf.hkdf(new byte[HASH_BYTES], ikm, INFO, HASH_BYTES);
        for (byte[] b : new byte[][] {ikm, dh1, dh2, dh3, dh4}) {
            RatchetState.erase(b);
        }
        ByteArrayOutputStream ad = new ByteArrayOutputStream();
        ad.writeBytes(ikA);
        ad.writeBytes(ikB);
        ad.write(peerA.length);
        ad.writeBytes(peerA);
        ad.write(peerB.length);
        ad.writeBytes(peerB);
        return new Agreement(sk, ad.toByteArray());
    }
}
