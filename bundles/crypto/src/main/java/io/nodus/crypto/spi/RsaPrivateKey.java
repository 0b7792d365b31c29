package io.nodus.crypto.spi;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

import io.nodus.api.crypto.CryptoException.Reason;

/**
 * An RSA private key (PKCS#8 DER): RSAES-OAEP-SHA256 decryption and RSASSA-PSS-SHA256 signing, with blinding.
 * BouncyCastle lightweight API.
 */
public final class RsaPrivateKey {

    private static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    private static final int PRIME_CERTAINTY = 112;

    private final RSAPrivateCrtKeyParameters key;
    private final RsaPublicKey publicKey;

    private RsaPrivateKey(RSAPrivateCrtKeyParameters key) {
        this.key = key;
        RSAKeyParameters pub = new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent());
        try {
            this.publicKey = new RsaPublicKey(pub, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded("DER"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode RSA public key", e);
        }
    }

    public static RsaPrivateKey generate(int bits, SecureRandom random) {
        RsaPublicKey.requireSize(bits);
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(PUBLIC_EXPONENT, random, bits, PRIME_CERTAINTY));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new RsaPrivateKey((RSAPrivateCrtKeyParameters) pair.getPrivate());
    }

    /** @throws IllegalArgumentException when the bytes are not a PKCS#8 RSA private key of an accepted size */
    public static RsaPrivateKey fromPkcs8(byte[] pkcs8) {
        Objects.requireNonNull(pkcs8, "pkcs8");
        try {
            RSAPrivateCrtKeyParameters key = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(pkcs8);
            RsaPublicKey.requireSize(key.getModulus().bitLength());
            return new RsaPrivateKey(key);
        } catch (IOException | ClassCastException | IllegalStateException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 DER (secret). */
    public byte[] pkcs8() {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode RSA private key", e);
        }
    }

    public RsaPublicKey publicKey() {
        return publicKey;
    }

    /**
     * RSAES-OAEP-SHA256 decryption.
     *
     * @throws io.nodus.api.crypto.CryptoException {@code TAMPERED} for any ciphertext that does not decrypt to
     *         well-formed OAEP padding with this label (one message for every cause)
     */
    public byte[] decryptOaep(byte[] ciphertext, byte[] label) throws io.nodus.api.crypto.CryptoException {
        AsymmetricBlockCipher oaep = new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(),
                label);
        oaep.init(false, new ParametersWithRandom(key, new SecureRandom()));
        try {
            return oaep.processBlock(ciphertext, 0, ciphertext.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new io.nodus.api.crypto.CryptoException(Reason.TAMPERED, "RSA-OAEP decryption failed");
        }
    }

    /** RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) signature. */
    public byte[] signPss(byte[] message, SecureRandom random) {
        PSSSigner pss = new PSSSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(),
                RsaPublicKey.PSS_SALT_BYTES);
        pss.init(true, new ParametersWithRandom(key, random));
        pss.update(message, 0, message.length);
        try {
            return pss.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA-PSS signing failed: " + e.getMessage(), e);
        }
    }
}
